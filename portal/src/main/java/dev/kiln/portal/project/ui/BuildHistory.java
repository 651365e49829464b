package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.build.BuildFilter;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildSearch;
import dev.kiln.portal.build.ui.BuildPage;
import dev.kiln.portal.build.ui.RefBadge;
import dev.kiln.portal.build.ui.StateBadge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Builds tab of a project's page: its builds, newest first, filtered by {@link HistoryFilters}
 * and loaded a page at a time as the user scrolls (never counted: {@link BuildSearch} reads only
 * the page); a click opens one.
 */
final class BuildHistory extends VerticalLayout {

  private final BuildSearch search;
  private final Grid<BuildInfo> grid = new Grid<>(BuildInfo.class, false);
  private BuildFilter filter = BuildFilter.ANY;
  private long projectId;

  BuildHistory(BuildSearch search) {
    this.search = search;
    setPadding(false);
    setSizeFull();
    add(new HistoryFilters(this::filter), configureGrid());
    setFlexGrow(1, grid);
  }

  private Grid<BuildInfo> configureGrid() {
    grid.addColumn(b -> "#" + b.number()).setHeader("Build").setAutoWidth(true).setFlexGrow(0);
    grid.addComponentColumn(b -> new StateBadge(b.state()))
        .setHeader("State")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addComponentColumn(b -> new RefBadge(b.revision()))
        .setHeader("Ref")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addComponentColumn(b -> new CommitCell(b.revision()))
        .setHeader("Commit")
        .setWidth("18rem")
        .setFlexGrow(3);
    grid.addColumn(b -> Formats.time(b.queuedAt())).setHeader("Queued").setAutoWidth(true);
    grid.addColumn(b -> b.state().isFinal() ? Formats.duration(b.duration(Instant.now())) : "–")
        .setHeader("Took")
        .setAutoWidth(true);
    grid.addColumn(BuildInfo::triggeredBy).setHeader("Triggered by").setFlexGrow(1);
    grid.addColumn(BuildInfo::reason).setHeader("Result").setFlexGrow(1);
    grid.addItemClickListener(
        e -> getUI().ifPresent(ui -> ui.navigate(BuildPage.class, e.getItem().id())));
    grid.setId("builds");
    grid.setMinHeight("16rem");
    grid.setPageSize(50);
    return grid;
  }

  /** Shows this project's builds. */
  void show(long projectId) {
    this.projectId = projectId;
    grid.setItems(query -> page(query.getOffset(), query.getLimit()));
    emptyText();
  }

  /** Reads the builds again, as they may have changed while the page was away. */
  void refresh() {
    grid.getDataProvider().refreshAll();
  }

  private void filter(BuildFilter chosen) {
    filter = chosen;
    emptyText();
    refresh();
  }

  private void emptyText() {
    grid.setEmptyStateText(
        filter.any()
            ? "No builds yet. Press Run now to start one."
            : "No build matches these filters.");
  }

  /** The builds Vaadin asks for, read in pieces no larger than a search allows. */
  private Stream<BuildInfo> page(long offset, int limit) {
    List<BuildInfo> found = new ArrayList<>();
    while (found.size() < limit) {
      int piece = Math.min(limit - found.size(), BuildSearch.MAX_PAGE);
      var more = search.search(projectId, filter, offset + found.size(), piece);
      more.forEach(m -> found.add(m.build()));
      if (more.size() < piece) {
        break;
      }
    }
    return found.stream();
  }
}

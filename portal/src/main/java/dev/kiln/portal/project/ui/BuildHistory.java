package dev.kiln.portal.project.ui;

import static com.vaadin.flow.spring.data.VaadinSpringDataHelpers.toSpringPageRequest;

import com.vaadin.flow.component.grid.Grid;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.ui.BuildPage;
import dev.kiln.portal.build.ui.StateBadge;
import java.time.Instant;

/** The Builds tab of a project's page: its builds, newest first, paged; a click opens one. */
final class BuildHistory extends Grid<BuildInfo> {

  private final BuildService builds;

  BuildHistory(BuildService builds) {
    super(BuildInfo.class, false);
    this.builds = builds;
    addColumn(b -> "#" + b.number()).setHeader("Build").setAutoWidth(true).setFlexGrow(0);
    addComponentColumn(b -> new StateBadge(b.state()))
        .setHeader("State")
        .setAutoWidth(true)
        .setFlexGrow(0);
    addColumn(b -> Formats.time(b.queuedAt())).setHeader("Queued").setAutoWidth(true);
    addColumn(b -> b.state().isFinal() ? Formats.duration(b.duration(Instant.now())) : "–")
        .setHeader("Took")
        .setAutoWidth(true);
    addColumn(BuildInfo::triggeredBy).setHeader("Triggered by").setAutoWidth(true);
    addColumn(BuildInfo::reason).setHeader("Result").setFlexGrow(3);
    addItemClickListener(
        e -> getUI().ifPresent(ui -> ui.navigate(BuildPage.class, e.getItem().id())));
    setEmptyStateText("No builds yet. Press Run now to start one.");
    setId("builds");
    setMinHeight("16rem");
  }

  /** Shows this project's builds. */
  void show(long projectId) {
    setItems(
        query -> builds.history(projectId, toSpringPageRequest(query)).stream(),
        query -> (int) builds.countHistory(projectId));
  }
}

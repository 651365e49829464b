package dev.kiln.portal.build.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.data.domain.PageRequest;

/**
 * The cluster's build queue in the order runners take it (higher priority first, then the oldest),
 * for admins: position, project, build, priority, queue time, and whether it waits for its builder
 * instance's limit rather than for a free runner thread. Shows the first {@link #SHOWN}.
 */
public final class BuildQueueSection extends VerticalLayout {

  /** How many queued builds the section lists. */
  static final int SHOWN = 100;

  private final BuildService builds;
  private final Grid<Row> grid = new Grid<>(Row.class, false);
  private final Paragraph summary = new Paragraph();

  /** A queued build with its place in the queue. */
  record Row(int position, BuildInfo build) {}

  public BuildQueueSection(BuildService builds) {
    this.builds = builds;
    setPadding(false);
    setId("build-queue");
    summary.setId("build-queue-summary");
    summary.addClassName("muted");
    add(new H3("Build queue"), summary, configureGrid());
    refresh();
  }

  private Grid<Row> configureGrid() {
    grid.setId("build-queue-grid");
    grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
    grid.addComponentColumn(BuildQueueSection::position)
        .setHeader("#")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addComponentColumn(
            r -> new Anchor("projects/" + r.build().projectId(), r.build().projectName()))
        .setHeader("Project")
        .setFlexGrow(1);
    grid.addComponentColumn(r -> new Anchor("builds/" + r.build().id(), "#" + r.build().number()))
        .setHeader("Build")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addColumn(r -> r.build().priority())
        .setHeader("Priority")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addColumn(r -> Formats.time(r.build().queuedAt()))
        .setHeader("Queued")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addComponentColumn(BuildQueueSection::waitingFor).setHeader("Waiting for").setFlexGrow(1);
    grid.setEmptyStateText("No builds are queued.");
    grid.setAllRowsVisible(true);
    return grid;
  }

  private static Component position(Row row) {
    var position = new Span(String.valueOf(row.position()));
    position.getElement().setAttribute("data-build", String.valueOf(row.build().id()));
    return position;
  }

  private static Component waitingFor(Row row) {
    BuildInfo build = row.build();
    var text =
        new Span(
            build.waiting()
                ? "capacity: "
                    + (build.instanceName() == null ? "its instance" : build.instanceName())
                    + " is at its limit"
                : "a free runner");
    text.addClassName(build.waiting() ? "waiting" : "muted");
    return text;
  }

  /** Reads the queue again. */
  public void refresh() {
    List<BuildInfo> queued = builds.queue(PageRequest.of(0, SHOWN));
    long total = builds.queuedCount();
    grid.setItems(
        IntStream.range(0, queued.size()).mapToObj(i -> new Row(i + 1, queued.get(i))).toList());
    long waiting = queued.stream().filter(BuildInfo::waiting).count();
    summary.setText(
        total == 0
            ? "Runners take queued builds by priority, then the oldest first."
            : total
                + " queued"
                + (waiting == 0 ? "" : ", " + waiting + " of them waiting for an instance's limit")
                + (total > SHOWN ? "; the first " + SHOWN + " are shown." : "."));
  }
}

package dev.kiln.portal.cluster.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.base.ui.Polling;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.ui.BuildQueueSection;
import dev.kiln.portal.node.NodeInfo;
import dev.kiln.portal.node.NodeRegistry;
import dev.kiln.portal.node.NodeService;
import jakarta.annotation.security.RolesAllowed;
import java.time.Duration;

/**
 * The cluster at a glance for admins: each node's roles, since when it runs, when it last checked
 * in (missing after three silent check-ins), its runner threads and the builds it runs; below, the
 * build queue. The screen refreshes itself every two seconds, as often as nodes check in.
 */
@Route("admin/nodes")
@PageTitle("Nodes · Kiln")
@RolesAllowed("ADMIN")
public final class NodesView extends VerticalLayout {

  private final NodeService nodes;
  private final Grid<NodeInfo> grid = new Grid<>(NodeInfo.class, false);
  private final BuildQueueSection queue;

  public NodesView(NodeService nodes, BuildService builds) {
    this.nodes = nodes;
    this.queue = new BuildQueueSection(builds);
    addClassName("page");
    var intro =
        new Paragraph(
            "Every Kiln process checks in here every "
                + NodeRegistry.CHECK_IN.toSeconds()
                + " s"
                + ". Only nodes with the runner role take builds, as many at once as they have runner threads.");
    intro.addClassName("muted");
    add(new H2("Nodes"), intro, configureGrid(), queue);
    refresh();
    Polling.refreshEvery(this, 2000, this::refresh);
  }

  private Grid<NodeInfo> configureGrid() {
    grid.setId("nodes");
    grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
    grid.addColumn(NodeInfo::name).setHeader("Node").setAutoWidth(true).setFlexGrow(0);
    grid.addComponentColumn(NodesView::state).setHeader("State").setAutoWidth(true).setFlexGrow(0);
    grid.addColumn(n -> String.join(", ", n.roles())).setHeader("Roles").setFlexGrow(1);
    grid.addColumn(n -> Formats.time(n.startedAt()))
        .setHeader("Started")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addColumn(n -> ago(n.sinceCheckIn()))
        .setHeader("Last check-in")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addColumn(n -> n.runnerThreads() == 0 ? "–" : String.valueOf(n.runnerThreads()))
        .setHeader("Runner threads")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addComponentColumn(NodesView::running).setHeader("Running builds").setFlexGrow(1);
    grid.addColumn(NodeInfo::version).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
    grid.setEmptyStateText("No node has checked in yet.");
    grid.setAllRowsVisible(true);
    return grid;
  }

  private static Component state(NodeInfo node) {
    var badge = new Span(node.up() ? "UP" : "MISSING");
    badge.addClassNames("state", node.up() ? "state-up" : "state-missing");
    badge.setTitle(
        node.up()
            ? "Checked in within the last " + NodeService.MISSING_AFTER.toSeconds() + " s."
            : "Silent for more than "
                + NodeService.MISSING_AFTER.toSeconds()
                + " s: stopped, or cut off from the"
                + " database. Its running builds are taken over as lost.");
    return badge;
  }

  private static Component running(NodeInfo node) {
    var list = new Div();
    list.addClassName("node-running");
    list.add(
        new Span(
            node.running().size()
                + (node.runnerThreads() > 0 ? " of " + node.runnerThreads() : "")));
    for (NodeInfo.RunningBuild build : node.running()) {
      list.add(
          new Span(" · "),
          new Anchor("builds/" + build.id(), build.projectName() + " #" + build.number()));
    }
    return list;
  }

  private void refresh() {
    grid.setItems(nodes.nodes());
    queue.refresh();
  }

  /** "1 s ago", "2 min ago", "3 h ago". */
  static String ago(Duration since) {
    long s = since.toSeconds();
    return s < 120 ? s + " s ago" : s < 7200 ? s / 60 + " min ago" : s / 3600 + " h ago";
  }
}

package dev.kiln.portal.plugin.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginAdministration;
import dev.kiln.portal.plugin.PluginFailure;
import dev.kiln.portal.plugin.PluginInfo;
import dev.kiln.portal.plugin.PluginOverview;
import dev.kiln.portal.plugin.PluginOverviewService;
import dev.kiln.portal.plugin.PluginProperties;
import dev.kiln.portal.plugin.PluginRefusedException;
import jakarta.annotation.security.RolesAllowed;
import java.util.function.Consumer;

/**
 * Admins install, disable, enable, reload and remove builder plugins here, on every node at once
 * and without restarting Kiln, and see why a plugin failed.
 */
@Route("admin/plugins")
@PageTitle("Plugins · Kiln")
@RolesAllowed("ADMIN")
public final class PluginsView extends VerticalLayout {

  private final PluginOverviewService catalog;
  private final PluginAdministration administration;
  private final Grid<PluginInfo> plugins = new Grid<>(PluginInfo.class, false);
  private final Grid<PluginFailure> failures = new Grid<>(PluginFailure.class, false);
  private final Paragraph noFailures =
      new Paragraph("None: every jar in the plugins folder could be read.");

  public PluginsView(
      PluginOverviewService catalog,
      PluginAdministration administration,
      PluginProperties properties) {
    this.catalog = catalog;
    this.administration = administration;
    PluginOverview overview = catalog.overview();
    addClassName("page");
    setWidthFull();
    add(
        new H2("Plugins"),
        new Paragraph(
            "Builder plugins add places where builds run. An uploaded plugin is"
                + " installed on every Kiln node at once, without a restart. Disabling a plugin lets running builds finish"
                + " and refuses new ones. Reload, Remove and Replace are refused while a build runs on the plugin here;"
                + " try again when it has finished."),
        configureFacts(overview),
        new H3("Install a plugin"),
        new PluginUploadPanel(administration, properties.maxUploadSize().toBytes(), this::refresh),
        new H3("Plugins"),
        configurePlugins(),
        new H3("Jars that could not be read"),
        configureFailures());
    refresh();
  }

  private static DescriptionList configureFacts(PluginOverview overview) {
    var facts = new DescriptionList();
    facts.addClassName("facts");
    facts.add(
        new DescriptionList.Term("Plugin API"),
        new DescriptionList.Description(overview.apiVersion()),
        new DescriptionList.Term("Plugins folder"),
        new DescriptionList.Description(overview.folder().toString()));
    facts.setId("plugin-facts");
    return facts;
  }

  private Grid<PluginInfo> configurePlugins() {
    plugins.setId("plugins");
    plugins.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
    plugins
        .addComponentColumn(PluginsView::name)
        .setHeader("Plugin")
        .setAutoWidth(true)
        .setFlexGrow(0);
    plugins
        .addComponentColumn(PluginsView::state)
        .setHeader("State")
        .setWidth("11em")
        .setFlexGrow(0);
    plugins
        .addColumn(PluginInfo::requires)
        .setHeader("Requires API")
        .setWidth("7.5em")
        .setFlexGrow(0);
    plugins.addColumn(PluginInfo::origin).setHeader("Source").setWidth("9em").setFlexGrow(0);
    plugins.addComponentColumn(PluginsView::builders).setHeader("Builders").setFlexGrow(1);
    plugins.addComponentColumn(this::actions).setHeader("Actions").setWidth("7em").setFlexGrow(0);
    plugins.setEmptyStateText("No plugins are installed.");
    plugins.setAllRowsVisible(true);
    return plugins;
  }

  private static Component name(PluginInfo plugin) {
    var id = new Span(plugin.id());
    id.addClassName("plugin-id");
    return new Div(
        new Div(id),
        new Div(muted(plugin.version())),
        new Div(muted(plugin.provider() == null ? "" : plugin.provider())));
  }

  private static Component state(PluginInfo plugin) {
    var state = new Span(plugin.state());
    state.addClassNames("state", "state-" + plugin.state());
    var cell = new Div(state);
    String why = plugin.error() != null ? plugin.error() : plugin.disabledReason();
    if (why != null) {
      var reason = new Div(why);
      reason.addClassName(plugin.error() != null ? "error-text" : "muted");
      reason.addClassName("plugin-reason");
      cell.add(reason);
    }
    return cell;
  }

  private static Component builders(PluginInfo plugin) {
    var list = new Div();
    for (BuilderEntry builder : plugin.builders()) {
      list.add(
          new Div(new Span(builder.descriptor().name() + " "), muted("(" + builder.id() + ")")));
      if (!builder.isAvailable() && plugin.disabledReason() == null) {
        var reason = new Div("unavailable: " + builder.unavailableReason());
        reason.addClassName("builder-unavailable");
        list.add(reason);
      }
    }
    if (plugin.builders().isEmpty()) {
      list.add(muted("none"));
    }
    return list;
  }

  private Component actions(PluginInfo plugin) {
    var row = new VerticalLayout(); // stacked: the builders column keeps the width
    row.setPadding(false);
    row.setSpacing(false);
    row.getStyle().set("gap", "var(--lumo-space-xs)");
    boolean disabled = plugin.disabledReason() != null;
    row.add(
        button(
            disabled ? "Enable" : "Disable",
            plugin,
            disabled ? administration::enable : administration::disable,
            (disabled ? "Enabled " : "Disabled ") + plugin.id() + " on every node."));
    row.add(button("Reload", plugin, administration::reload, "Reloaded " + plugin.id() + "."));
    if (plugin.removable()) {
      var remove = new Button("Remove", e -> confirmRemove(plugin));
      remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
      remove.setId("remove-" + plugin.id());
      row.add(remove);
    }
    return row;
  }

  private Button button(String label, PluginInfo plugin, Consumer<String> action, String done) {
    var button = new Button(label, e -> act(() -> action.accept(plugin.id()), done));
    button.addThemeVariants(ButtonVariant.LUMO_SMALL);
    button.setId(label.toLowerCase() + "-" + plugin.id());
    return button;
  }

  private void confirmRemove(PluginInfo plugin) {
    var dialog =
        new ConfirmDialog(
            "Remove " + plugin.id() + " " + plugin.version() + "?",
            "Its builders disappear from every node; projects that use them cannot run until you install it again.",
            "Remove",
            e ->
                act(
                    () -> administration.remove(plugin.id()),
                    "Removed " + plugin.id() + " from every node."));
    dialog.setCancelable(true);
    dialog.setConfirmButtonTheme("error primary");
    dialog.setId("confirm-remove");
    dialog.open();
  }

  private void act(Runnable action, String done) {
    try {
      action.run();
      Notification.show(done, 4000, Notification.Position.BOTTOM_START)
          .addThemeVariants(NotificationVariant.SUCCESS);
    } catch (PluginRefusedException e) {
      Notification.show(e.getMessage(), 8000, Notification.Position.MIDDLE)
          .addThemeVariants(NotificationVariant.ERROR);
    }
    refresh();
  }

  private Component configureFailures() {
    failures.setId("plugin-failures");
    failures.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
    failures.addColumn(PluginFailure::source).setHeader("File").setAutoWidth(true).setFlexGrow(0);
    failures
        .addComponentColumn(
            f -> {
              var reason = new Span(f.reason());
              reason.addClassName("error-text");
              return reason;
            })
        .setHeader("Reason")
        .setFlexGrow(1);
    failures.setAllRowsVisible(true);
    noFailures.addClassName("muted");
    noFailures.setId("plugin-no-failures");
    return new Div(failures, noFailures);
  }

  private void refresh() {
    PluginOverview overview = catalog.overview();
    plugins.setItems(overview.plugins());
    failures.setItems(overview.unreadable());
    failures.setVisible(!overview.unreadable().isEmpty());
    noFailures.setVisible(overview.unreadable().isEmpty());
  }

  private static Span muted(String text) {
    var span = new Span(text);
    span.addClassName("muted");
    return span;
  }
}

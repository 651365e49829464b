package dev.kiln.portal.plugin.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginCatalog;
import dev.kiln.portal.plugin.PluginFailure;
import dev.kiln.portal.plugin.PluginInfo;
import dev.kiln.portal.plugin.PluginOverview;
import jakarta.annotation.security.RolesAllowed;

/** Admins see which plugins Kiln loaded, with their builders, and which jars failed and why. */
@Route("admin/plugins")
@PageTitle("Plugins · Kiln")
@RolesAllowed("ADMIN")
public class PluginsView extends VerticalLayout {

  public PluginsView(PluginCatalog catalog) {
    PluginOverview overview = catalog.overview();
    addClassName("page");
    setWidthFull();
    add(new H2("Plugins"), new Paragraph("The builder plugins Kiln loaded at start. To add one, put its jar in the"
        + " plugins folder and restart Kiln."), configureFacts(overview), new H3("Loaded plugins"),
        configurePlugins(overview), new H3("Jars that failed to load"), configureFailures(overview));
  }

  private static DescriptionList configureFacts(PluginOverview overview) {
    var facts = new DescriptionList();
    facts.addClassName("facts");
    facts.add(new DescriptionList.Term("Plugin API"), new DescriptionList.Description(overview.apiVersion()),
        new DescriptionList.Term("Plugins folder"), new DescriptionList.Description(overview.folder().toString()));
    facts.setId("plugin-facts");
    return facts;
  }

  private static Grid<PluginInfo> configurePlugins(PluginOverview overview) {
    var grid = new Grid<PluginInfo>(PluginInfo.class, false);
    grid.setId("plugins");
    grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
    grid.addColumn(PluginInfo::id).setHeader("Plugin").setAutoWidth(true).setFlexGrow(0);
    grid.addColumn(PluginInfo::version).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
    grid.addComponentColumn(PluginsView::state).setHeader("State").setAutoWidth(true).setFlexGrow(0)
        .setTextAlign(ColumnTextAlign.START);
    grid.addColumn(p -> p.provider() == null ? "–" : p.provider()).setHeader("Provider").setAutoWidth(true)
        .setFlexGrow(0);
    grid.addColumn(p -> p.requires() == null ? "–" : p.requires()).setHeader("Requires API").setAutoWidth(true)
        .setFlexGrow(0);
    grid.addColumn(p -> p.shipped() ? "Shipped with Kiln" : "Plugins folder").setHeader("Source").setAutoWidth(true)
        .setFlexGrow(0);
    grid.addComponentColumn(PluginsView::builders).setHeader("Builders").setFlexGrow(1);
    grid.setItems(overview.plugins());
    grid.setEmptyStateText("No plugins are loaded.");
    grid.setAllRowsVisible(true);
    return grid;
  }

  private static Component state(PluginInfo plugin) {
    var state = new Span(plugin.state());
    state.addClassNames("state", "state-" + plugin.state());
    return state;
  }

  private static Component builders(PluginInfo plugin) {
    var list = new Div();
    for (BuilderEntry builder : plugin.builders()) {
      list.add(new Div(new Span(builder.descriptor().name() + " "), muted("(" + builder.id() + ")")));
      if (!builder.isAvailable()) {
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

  private static Span muted(String text) {
    var span = new Span(text);
    span.addClassName("muted");
    return span;
  }

  private static Component configureFailures(PluginOverview overview) {
    if (overview.failures().isEmpty()) {
      var none = new Paragraph("None: every jar in the plugins folder loaded.");
      none.addClassName("muted");
      none.setId("plugin-failures");
      return none;
    }
    var grid = new Grid<PluginFailure>(PluginFailure.class, false);
    grid.setId("plugin-failures");
    grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
    grid.addColumn(PluginFailure::source).setHeader("File").setAutoWidth(true).setFlexGrow(0);
    grid.addComponentColumn(f -> {
      var reason = new Span(f.reason());
      reason.addClassName("error-text");
      return reason;
    }).setHeader("Reason").setFlexGrow(1);
    grid.setItems(overview.failures());
    grid.setAllRowsVisible(true);
    return grid;
  }
}

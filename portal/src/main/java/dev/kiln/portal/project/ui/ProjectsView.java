package dev.kiln.portal.project.ui;

import static com.vaadin.flow.spring.data.VaadinSpringDataHelpers.toSpringPageRequest;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.project.ProjectInfo;
import dev.kiln.portal.project.ProjectService;
import jakarta.annotation.security.PermitAll;

/** The projects list: the first page after log-in. */
@Route("")
@PageTitle("Projects · Kiln")
@PermitAll
public final class ProjectsView extends VerticalLayout {

  private final ProjectService projects;
  private final PluginHost plugins;
  private final AuthenticationContext auth;
  private final TextField filter = new TextField();
  private final Grid<ProjectInfo> grid = new Grid<>(ProjectInfo.class, false);
  private final Paragraph empty =
      new Paragraph("No projects yet. Create one, run it, and its builds appear here.");

  public ProjectsView(ProjectService projects, PluginHost plugins, AuthenticationContext auth) {
    this.auth = auth;
    this.projects = projects;
    this.plugins = plugins;
    addClassName("page");
    setSizeFull();
    add(configureHeader(), empty, configureGrid());
    empty.addClassName("empty-state");
    empty.setId("no-projects");
    refresh();
  }

  private HorizontalLayout configureHeader() {
    filter.setId("project-filter");
    filter.setPlaceholder("Filter by name");
    filter.setPrefixComponent(VaadinIcon.SEARCH.create());
    filter.setClearButtonVisible(true);
    filter.setValueChangeMode(ValueChangeMode.LAZY);
    filter.addValueChangeListener(e -> refresh());
    var create =
        new Button(
            "New project",
            VaadinIcon.PLUS.create(),
            e -> getUI().ifPresent(ui -> ui.navigate(ProjectEditView.class)));
    create.setId("new-project");
    create.setVisible(auth.hasAnyRole("ADMIN", "MAINTAINER"));
    create.addThemeVariants(ButtonVariant.PRIMARY);
    var header = new HorizontalLayout(new H2("Projects"), filter, create);
    header.setWidthFull();
    header.setAlignItems(FlexComponent.Alignment.BASELINE);
    header.expand(filter);
    return header;
  }

  private Grid<ProjectInfo> configureGrid() {
    grid.addColumn(ProjectInfo::name).setHeader("Name").setFlexGrow(2);
    grid.addColumn(
            p ->
                plugins
                    .builder(p.builderId())
                    .map(b -> b.descriptor().name())
                    .orElse(p.builderId()))
        .setHeader("Builder");
    grid.addColumn(ProjectInfo::description).setHeader("Description").setFlexGrow(3);
    grid.addColumn(p -> Formats.time(p.updatedAt())).setHeader("Changed");
    grid.setItems(
        query -> projects.list(filter.getValue(), toSpringPageRequest(query)).stream(),
        query -> (int) projects.count(filter.getValue()));
    grid.addItemClickListener(
        e -> getUI().ifPresent(ui -> ui.navigate(ProjectView.class, e.getItem().id())));
    grid.setId("projects");
    grid.setSizeFull();
    return grid;
  }

  private void refresh() {
    boolean none = filter.isEmpty() && projects.count("") == 0;
    empty.setVisible(none);
    grid.setVisible(!none);
    grid.getDataProvider().refreshAll();
  }
}

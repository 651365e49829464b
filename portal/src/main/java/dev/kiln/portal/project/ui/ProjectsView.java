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
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildSearch;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.project.ProjectInfo;
import dev.kiln.portal.project.ProjectService;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The projects list: the first page after log-in. */
@Route("")
@PageTitle("Projects · Kiln")
@PermitAll
public final class ProjectsView extends VerticalLayout {

  private final ProjectService projects;
  private final PluginHost plugins;
  private final AuthenticationContext auth;
  private final TextField filter = new TextField();
  private final BuildSearch search;
  private final Grid<ProjectRow> grid = new Grid<>(ProjectRow.class, false);
  private final Paragraph empty =
      new Paragraph("No projects yet. Create one, run it, and its builds appear here.");

  public ProjectsView(
      ProjectService projects, BuildSearch search, PluginHost plugins, AuthenticationContext auth) {
    this.auth = auth;
    this.search = search;
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

  private Grid<ProjectRow> configureGrid() {
    grid.addColumn(r -> r.project().name()).setHeader("Name").setFlexGrow(2);
    grid.addComponentColumn(ProjectRow::lastBuild).setHeader("Last build").setAutoWidth(true);
    grid.addColumn(
            r ->
                plugins
                    .builder(r.project().builderId())
                    .map(b -> b.descriptor().name())
                    .orElse(r.project().builderId()))
        .setHeader("Builder");
    grid.addColumn(r -> r.project().description()).setHeader("Description").setFlexGrow(3);
    grid.addColumn(r -> Formats.time(r.project().updatedAt())).setHeader("Changed");
    grid.setItems(
        query -> rows(projects.list(filter.getValue(), toSpringPageRequest(query))),
        query -> (int) projects.count(filter.getValue()));
    grid.addItemClickListener(
        e -> getUI().ifPresent(ui -> ui.navigate(ProjectView.class, e.getItem().project().id())));
    grid.setId("projects");
    grid.setSizeFull();
    return grid;
  }

  /** A page of projects with their last builds: one query for the builds of the whole page. */
  private Stream<ProjectRow> rows(List<ProjectInfo> page) {
    Map<Long, BuildInfo> last = search.lastOf(page.stream().map(ProjectInfo::id).toList());
    Instant now = Instant.now();
    return page.stream().map(p -> new ProjectRow(p, last.get(p.id()), now));
  }

  private void refresh() {
    boolean none = filter.isEmpty() && projects.count("") == 0;
    empty.setVisible(none);
    grid.setVisible(!none);
    grid.getDataProvider().refreshAll();
  }
}

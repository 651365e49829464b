package dev.kiln.portal.project.ui;

import static com.vaadin.flow.spring.data.VaadinSpringDataHelpers.toSpringPageRequest;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.ui.BuildPage;
import dev.kiln.portal.build.ui.StateBadge;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.project.ProjectInfo;
import dev.kiln.portal.project.ProjectService;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.util.NoSuchElementException;

/** A project: its configuration, "Run now", and its builds, newest first. */
@Route("projects")
@PermitAll
public class ProjectView extends VerticalLayout implements HasUrlParameter<Long>, HasDynamicTitle {

  private final ProjectService projects;
  private final BuildService builds;
  private final PluginHost plugins;
  private final AuthenticationContext auth;
  private final Grid<BuildInfo> history = new Grid<>(BuildInfo.class, false);
  private ProjectInfo project;

  public ProjectView(ProjectService projects, BuildService builds, PluginHost plugins, AuthenticationContext auth) {
    this.projects = projects;
    this.builds = builds;
    this.plugins = plugins;
    this.auth = auth;
    addClassName("page");
    setSizeFull();
  }

  @Override
  public void setParameter(BeforeEvent event, Long id) {
    project = projects.find(id).orElse(null);
    if (project == null) {
      event.rerouteToError(NoSuchElementException.class, "No such project.");
      return;
    }
    removeAll();
    add(configureHeader(), configureFacts(), new H3("Builds"), configureHistory());
  }

  @Override
  public String getPageTitle() {
    return (project == null ? "Project" : project.name()) + " · Kiln";
  }

  @Override
  protected void onAttach(AttachEvent event) {
    history.getDataProvider().refreshAll();
  }

  private HorizontalLayout configureHeader() {
    var run = new Button("Run now", VaadinIcon.PLAY.create(), e -> runNow());
    run.setId("run-now");
    run.addThemeVariants(ButtonVariant.PRIMARY);
    var edit = new Button("Edit", VaadinIcon.EDIT.create(),
        e -> getUI().ifPresent(ui -> ui.navigate(ProjectEditView.class, project.id())));
    boolean mayChange = auth.hasAnyRole("ADMIN", "MAINTAINER");
    run.setVisible(mayChange);
    edit.setVisible(mayChange);
    var header = new HorizontalLayout(new H2(project.name()), run, edit);
    header.setAlignItems(Alignment.BASELINE);
    return header;
  }

  private VerticalLayout configureFacts() {
    String builder = plugins.builder(project.builderId()).map(b -> b.descriptor().name())
        .orElse(project.builderId() + " (not installed)");
    var facts = new DescriptionList();
    facts.addClassName("facts");
    facts.add(new DescriptionList.Term("Builder"), new DescriptionList.Description(builder));
    facts.add(new DescriptionList.Term("Artifacts"), new DescriptionList.Description(
        project.artifactPatterns().isEmpty() ? "none kept" : String.join(", ", project.artifactPatterns())));
    facts.add(new DescriptionList.Term("Secrets"), new DescriptionList.Description(
        project.secretNames().isEmpty() ? "none" : String.join(", ", project.secretNames())));
    facts.add(new DescriptionList.Term("Timeout"), new DescriptionList.Description(Formats.duration(project.timeout())));
    var script = new Pre(project.script());
    script.addClassName("script");
    var box = new VerticalLayout(facts, script);
    box.setPadding(false);
    if (!project.description().isBlank()) {
      box.addComponentAsFirst(new Paragraph(project.description()));
    }
    return box;
  }

  private Grid<BuildInfo> configureHistory() {
    history.addColumn(b -> "#" + b.number()).setHeader("Build").setAutoWidth(true).setFlexGrow(0);
    history.addComponentColumn(b -> new StateBadge(b.state())).setHeader("State").setAutoWidth(true).setFlexGrow(0);
    history.addColumn(b -> Formats.time(b.queuedAt())).setHeader("Queued").setAutoWidth(true);
    history.addColumn(b -> b.state().isFinal() ? Formats.duration(b.duration(Instant.now())) : "–")
        .setHeader("Took").setAutoWidth(true);
    history.addColumn(BuildInfo::triggeredBy).setHeader("Triggered by").setAutoWidth(true);
    history.addColumn(BuildInfo::reason).setHeader("Result").setFlexGrow(3);
    history.setItems(query -> builds.history(project.id(), toSpringPageRequest(query)).stream(),
        query -> (int) builds.countHistory(project.id()));
    history.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate(BuildPage.class, e.getItem().id())));
    history.setEmptyStateText("No builds yet. Press Run now to start one.");
    history.setId("builds");
    history.setMinHeight("16rem");
    return history;
  }

  private void runNow() {
    try {
      long buildId = projects.runNow(project.id(), "manual: " + auth.getPrincipalName().orElse("?"));
      getUI().ifPresent(ui -> ui.navigate(BuildPage.class, buildId));
    } catch (IllegalStateException e) {
      Notification.show(e.getMessage(), 8000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.ERROR);
    }
  }
}

package dev.kiln.portal.project.ui;

import static com.vaadin.flow.spring.data.VaadinSpringDataHelpers.toSpringPageRequest;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.kiln.portal.access.ProjectAccess;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.base.ui.AccessDeniedView;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.build.ui.BuildPage;
import dev.kiln.portal.build.ui.StateBadge;
import dev.kiln.portal.instance.BuilderInstances;
import dev.kiln.portal.instance.InstanceInfo;
import dev.kiln.portal.instance.ui.InstanceHealthText;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ProjectInfo;
import dev.kiln.portal.project.ProjectMembers;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.secret.SecretService;
import dev.kiln.portal.secret.ui.SecretsPanel;
import dev.kiln.portal.user.UserService;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;

/** A project: its configuration, "Run now", and its builds, newest first. */
@Route("projects")
@PermitAll
public final class ProjectView extends VerticalLayout
    implements HasUrlParameter<Long>, HasDynamicTitle {

  private final ProjectService projects;
  private final BuildService builds;
  private final PluginHost plugins;
  private final AuthenticationContext auth;
  private final Grid<BuildInfo> history = new Grid<>(BuildInfo.class, false);
  private ProjectInfo project;
  private Optional<ProjectRole> myRole = Optional.empty();
  private boolean admin;

  private final ProjectMembers members;
  private final UserService users;
  private final SecretService secrets;
  private final ProjectAccess access;
  private final BuilderInstances instances;
  private final List<ProjectTab> extraTabs;

  public ProjectView(
      ProjectService projects,
      BuildService builds,
      PluginHost plugins,
      AuthenticationContext auth,
      ProjectMembers members,
      UserService users,
      SecretService secrets,
      ProjectAccess access,
      BuilderInstances instances,
      List<ProjectTab> extraTabs) {
    this.projects = projects;
    this.extraTabs = extraTabs.stream().sorted(Comparator.comparingInt(ProjectTab::order)).toList();
    this.instances = instances;
    this.members = members;
    this.users = users;
    this.secrets = secrets;
    this.access = access;
    this.builds = builds;
    this.plugins = plugins;
    this.auth = auth;
    addClassName("page");
    setSizeFull();
  }

  @Override
  public void setParameter(BeforeEvent event, Long id) {
    try {
      project = projects.find(id).orElse(null);
    } catch (AccessDeniedException e) {
      event.rerouteToError(
          com.vaadin.flow.router.AccessDeniedException.class, AccessDeniedView.reasonFor(e));
      return;
    }
    if (project == null) {
      event.rerouteToError(NoSuchElementException.class, "No such project.");
      return;
    }
    removeAll();
    var tabs = new TabSheet();
    tabs.setId("project-tabs");
    tabs.setWidthFull();
    tabs.add(tab("Builds", "tab-builds"), configureHistory());
    // One look-up of the user's role here serves every button and tab below.
    myRole = access.role(project.id());
    admin = access.isAdmin();
    tabs.add(
        tab("Members", "tab-members"),
        new MembersPanel(members, users, project.id(), may(ProjectRole.OWNER)));
    if (may(ProjectRole.OWNER)) {
      var own =
          new VerticalLayout(
              new Paragraph(
                  "This project's own secrets. A build gets the project's secret of a"
                      + " name if there is one, else the global one; list the names it needs in the project's settings."),
              new SecretsPanel(secrets, project.id()));
      own.setPadding(false);
      tabs.add(tab("Secrets", "tab-secrets"), own);
    }
    for (ProjectTab extra : extraTabs) {
      extra
          .content(project, myRole, admin)
          .ifPresent(content -> tabs.add(tab(extra.label(), extra.id()), content));
    }
    add(configureHeader(), configureFacts(), tabs);
    setFlexGrow(1, tabs);
  }

  private static Tab tab(String label, String id) {
    var tab = new Tab(label);
    tab.setId(id);
    return tab;
  }

  @Override
  public String getPageTitle() {
    return (project == null ? "Project" : project.name()) + " · Kiln";
  }

  @Override
  protected void onAttach(AttachEvent event) {
    history.getDataProvider().refreshAll();
  }

  /** What {@link ProjectAccess#may} says, from the role looked up once for this page. */
  private boolean may(ProjectRole needed) {
    return admin || myRole.filter(r -> r.includes(needed)).isPresent();
  }

  private HorizontalLayout configureHeader() {
    var run = new Button("Run now", VaadinIcon.PLAY.create(), e -> runNow());
    run.setId("run-now");
    run.addThemeVariants(ButtonVariant.PRIMARY);
    var edit =
        new Button(
            "Edit",
            VaadinIcon.EDIT.create(),
            e -> getUI().ifPresent(ui -> ui.navigate(ProjectEditView.class, project.id())));
    var delete = new Button("Delete", VaadinIcon.TRASH.create(), e -> confirmDelete());
    delete.setId("delete-project");
    delete.addThemeVariants(ButtonVariant.ERROR, ButtonVariant.TERTIARY);
    boolean mayChange = may(ProjectRole.MAINTAINER);
    run.setVisible(mayChange);
    edit.setVisible(mayChange);
    delete.setVisible(may(ProjectRole.OWNER));
    var role =
        new Span(
            myRole
                .map(
                    r ->
                        "You are "
                            + (r == ProjectRole.OWNER ? "an " : "a ")
                            + r.label().toLowerCase()
                            + " here")
                .orElse(admin ? "You see this as an admin" : ""));
    role.setId("project-role");
    role.addClassName("muted");
    var header = new HorizontalLayout(new H2(project.name()), run, edit, delete, role);
    header.setAlignItems(Alignment.BASELINE);
    return header;
  }

  /** Why the project's builds cannot start now (its plugin disabled or missing), if they cannot. */
  private Optional<String> cannotRun(InstanceInfo instance) {
    if (instance != null) {
      return Optional.ofNullable(instance.unavailableReason());
    }
    return plugins
        .builder(project.builderId())
        .map(BuilderEntry::unavailableReason)
        .or(() -> Optional.of("the builder '" + project.builderId() + "' is not installed."));
  }

  private VerticalLayout configureFacts() {
    InstanceInfo instance =
        project.instanceId() == null ? null : instances.find(project.instanceId()).orElse(null);
    String builder =
        instance != null
            ? instance.label()
            : plugins
                .builder(project.builderId())
                .map(b -> b.descriptor().name())
                .orElse(project.builderId() + " (not installed)");
    var facts = new DescriptionList();
    facts.addClassName("facts");
    var builderText = new DescriptionList.Description(builder);
    builderText.setId("project-builder-name");
    facts.add(new DescriptionList.Term("Builder"), builderText);
    cannotRun(instance)
        .ifPresent(
            reason -> {
              var why = new Span("Builds cannot run: " + reason);
              why.setId("builder-unavailable");
              why.addClassName("error-text");
              facts.add(new DescriptionList.Term(""), new DescriptionList.Description(why));
            });
    if (instance != null && !instance.automatic() && cannotRun(instance).isEmpty()) {
      var health =
          new DescriptionList.Description(
              InstanceHealthText.badge(instance), new Span(" " + InstanceHealthText.of(instance)));
      health.setId("builder-health");
      facts.add(new DescriptionList.Term("Builder health"), health);
    }
    facts.add(
        new DescriptionList.Term("Artifacts"),
        new DescriptionList.Description(
            project.artifactPatterns().isEmpty()
                ? "none kept"
                : String.join(", ", project.artifactPatterns())));
    facts.add(
        new DescriptionList.Term("Secrets"),
        new DescriptionList.Description(
            project.secretNames().isEmpty() ? "none" : String.join(", ", project.secretNames())));
    if (!project.parameters().isEmpty()) {
      var names =
          new DescriptionList.Description(
              String.join(
                  ", ", project.parameters().stream().map(ParameterDeclaration::name).toList()));
      names.setId("project-parameters");
      facts.add(new DescriptionList.Term("Parameters"), names);
    }
    facts.add(
        new DescriptionList.Term("Timeout"),
        new DescriptionList.Description(Formats.duration(project.timeout())));
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
    history
        .addComponentColumn(b -> new StateBadge(b.state()))
        .setHeader("State")
        .setAutoWidth(true)
        .setFlexGrow(0);
    history.addColumn(b -> Formats.time(b.queuedAt())).setHeader("Queued").setAutoWidth(true);
    history
        .addColumn(b -> b.state().isFinal() ? Formats.duration(b.duration(Instant.now())) : "–")
        .setHeader("Took")
        .setAutoWidth(true);
    history.addColumn(BuildInfo::triggeredBy).setHeader("Triggered by").setAutoWidth(true);
    history.addColumn(BuildInfo::reason).setHeader("Result").setFlexGrow(3);
    history.setItems(
        query -> builds.history(project.id(), toSpringPageRequest(query)).stream(),
        query -> (int) builds.countHistory(project.id()));
    history.addItemClickListener(
        e -> getUI().ifPresent(ui -> ui.navigate(BuildPage.class, e.getItem().id())));
    history.setEmptyStateText("No builds yet. Press Run now to start one.");
    history.setId("builds");
    history.setMinHeight("16rem");
    return history;
  }

  private void confirmDelete() {
    var dialog = new Dialog();
    dialog.setHeaderTitle("Delete " + project.name() + "?");
    dialog.add(
        new Paragraph(
            "This deletes the project with all its builds, logs, artifacts, members and secrets."
                + " It cannot be undone."));
    var delete =
        new Button(
            "Delete project",
            e -> {
              try {
                projects.delete(project.id());
                dialog.close();
                Notification.show(
                        "Project " + project.name() + " deleted.",
                        3000,
                        Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.SUCCESS);
                getUI().ifPresent(ui -> ui.navigate(ProjectsView.class));
              } catch (IllegalStateException ex) {
                dialog.close();
                Notification.show(ex.getMessage(), 8000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.ERROR);
              }
            });
    delete.setId("confirm-delete-project");
    delete.addThemeVariants(ButtonVariant.PRIMARY, ButtonVariant.ERROR);
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), delete);
    dialog.open();
  }

  /** Runs at once, or asks for the values of the parameters the project declares first. */
  private void runNow() {
    String user = auth.getPrincipalName().orElse("?");
    if (!project.parameters().isEmpty()) {
      new RunNowDialog(projects, project, user, this::open).open();
      return;
    }
    try {
      open(projects.runNow(project.id(), Trigger.manual(user)));
    } catch (IllegalStateException e) {
      Notification.show(e.getMessage(), 8000, Notification.Position.MIDDLE)
          .addThemeVariants(NotificationVariant.ERROR);
    }
  }

  private void open(long buildId) {
    getUI().ifPresent(ui -> ui.navigate(BuildPage.class, buildId));
  }
}

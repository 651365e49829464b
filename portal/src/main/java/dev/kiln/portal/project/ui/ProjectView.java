package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.html.Paragraph;
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
import dev.kiln.portal.base.ui.AccessDeniedView;
import dev.kiln.portal.build.BuildSearch;
import dev.kiln.portal.instance.BuilderInstances;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.project.ProjectInfo;
import dev.kiln.portal.project.ProjectMembers;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.secret.SecretService;
import dev.kiln.portal.secret.ui.SecretsPanel;
import dev.kiln.portal.user.UserService;
import jakarta.annotation.security.PermitAll;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.security.access.AccessDeniedException;

/**
 * A project's page: its header with the actions, its configuration at a glance, and its tabs (the
 * last build of each branch and builds, newest first; members; secrets for owners; and the tabs
 * other features add). It looks up the project and the viewer's role once and hands them to its
 * parts.
 */
@Route("projects")
@PermitAll
public final class ProjectView extends VerticalLayout
    implements HasUrlParameter<Long>, HasDynamicTitle {

  private final ProjectService projects;
  private final PluginHost plugins;
  private final AuthenticationContext auth;
  private final BuildHistory history;
  private final BuildSearch search;
  private ProjectInfo project;

  private final ProjectMembers members;
  private final UserService users;
  private final SecretService secrets;
  private final ProjectAccess access;
  private final BuilderInstances instances;
  private final List<ProjectTab> extraTabs;

  public ProjectView(
      ProjectService projects,
      BuildSearch search,
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
    this.history = new BuildHistory(search);
    this.search = search;
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
    history.show(project.id());
    // One look-up of the user's role here serves every button and tab below.
    var viewer = ProjectViewer.of(access, project.id());
    var tabs = configureTabs(viewer);
    add(
        new ProjectHeader(projects, project, viewer, auth),
        new ProjectFacts(project, plugins, instances),
        tabs);
    setFlexGrow(1, tabs);
  }

  @Override
  public String getPageTitle() {
    return (project == null ? "Project" : project.name()) + " · Kiln";
  }

  @Override
  protected void onAttach(AttachEvent event) {
    history.refresh();
  }

  private TabSheet configureTabs(ProjectViewer viewer) {
    var tabs = new TabSheet();
    tabs.setId("project-tabs");
    tabs.setWidthFull();
    tabs.add(tab("Builds", "tab-builds"), builds());
    tabs.add(
        tab("Members", "tab-members"),
        new MembersPanel(members, users, project.id(), viewer.may(ProjectRole.OWNER)));
    if (viewer.may(ProjectRole.OWNER)) {
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
          .content(project, viewer.role(), viewer.admin())
          .ifPresent(content -> tabs.add(tab(extra.label(), extra.id()), content));
    }
    return tabs;
  }

  /** The history, under where each branch stands for a project with a repository. */
  private VerticalLayout builds() {
    var builds = new VerticalLayout();
    builds.setPadding(false);
    builds.setSizeFull();
    if (project.source().present()) {
      builds.add(new LatestPerRef(search, project.id()));
    }
    builds.add(history);
    builds.setFlexGrow(1, history);
    return builds;
  }

  private static Tab tab(String label, String id) {
    var tab = new Tab(label);
    tab.setId(id);
    return tab;
  }
}

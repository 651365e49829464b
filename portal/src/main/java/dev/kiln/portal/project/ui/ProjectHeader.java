package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.build.ui.BuildPage;
import dev.kiln.portal.project.ProjectInfo;
import dev.kiln.portal.project.ProjectService;

/**
 * The top of a project's page: its name, the actions the viewer's role allows (Run now, Edit,
 * Delete) and that role in words.
 */
final class ProjectHeader extends HorizontalLayout {

  private final ProjectService projects;
  private final ProjectInfo project;
  private final AuthenticationContext auth;

  ProjectHeader(
      ProjectService projects,
      ProjectInfo project,
      ProjectViewer viewer,
      AuthenticationContext auth) {
    this.projects = projects;
    this.project = project;
    this.auth = auth;
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
    boolean mayChange = viewer.may(ProjectRole.MAINTAINER);
    run.setVisible(mayChange);
    edit.setVisible(mayChange);
    delete.setVisible(viewer.may(ProjectRole.OWNER));
    var role = new Span(viewer.describe());
    role.setId("project-role");
    role.addClassName("muted");
    add(new H2(project.name()), run, edit, delete, role);
    setAlignItems(Alignment.BASELINE);
  }

  /** Runs at once, or first asks for the ref to build and the values of declared parameters. */
  private void runNow() {
    String user = auth.getPrincipalName().orElse("?");
    if (!project.parameters().isEmpty() || project.source().present()) {
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
}

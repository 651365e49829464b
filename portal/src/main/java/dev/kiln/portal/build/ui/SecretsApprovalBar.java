package dev.kiln.portal.build.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.server.VaadinService;
import dev.kiln.portal.access.ProjectAccess;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.SecretsApprovals;
import java.util.NoSuchElementException;
import org.springframework.security.access.AccessDeniedException;

/**
 * On the page of a build of a fork's pull request that got no secrets: says so, and offers its
 * project's owners "Approve with secrets", which rebuilds the same commit with them once they have
 * read its changes. Shown on no other build. Takes its services from Spring itself, so the page
 * adds it in one line.
 */
final class SecretsApprovalBar extends HorizontalLayout {

  SecretsApprovalBar(BuildInfo build) {
    setId("secrets-approval");
    setAlignItems(FlexComponent.Alignment.BASELINE);
    setVisible(build.secrets().withheld());
    if (!build.secrets().withheld()) {
      return;
    }
    add(
        new Span(
            "A pull request from a fork: built without the project's secrets, so its code could not"
                + " read them."));
    var instantiator = VaadinService.getCurrent().getInstantiator();
    if (instantiator.getOrCreate(ProjectAccess.class).mayOwnBuild(build.id())) {
      var approve = new Button("Approve with secrets", VaadinIcon.KEY.create());
      approve.setId("approve-secrets");
      approve.addClickListener(
          e -> confirm(build, instantiator.getOrCreate(SecretsApprovals.class)));
      add(approve);
    }
  }

  private void confirm(BuildInfo build, SecretsApprovals approvals) {
    var dialog =
        new ConfirmDialog(
            "Give secrets to commit " + build.revision().shortCommit() + "?",
            "Kiln builds commit "
                + build.revision().commit()
                + " again, with the project's secrets. Its author can read them: approve only"
                + " after reading every change it makes, build files included. A later push to"
                + " the pull request builds without secrets again.",
            "Approve with secrets",
            e -> approve(build, approvals));
    dialog.setCancelable(true);
    dialog.setConfirmButtonTheme("error primary");
    dialog.setId("approve-secrets-dialog");
    dialog.open();
  }

  private void approve(BuildInfo build, SecretsApprovals approvals) {
    try {
      long rebuilt = approvals.approve(build.id());
      getUI().ifPresent(ui -> ui.navigate(BuildPage.class, rebuilt));
    } catch (IllegalStateException | NoSuchElementException | AccessDeniedException e) {
      Notification.show(e.getMessage()).addThemeVariants(NotificationVariant.ERROR);
    }
  }
}

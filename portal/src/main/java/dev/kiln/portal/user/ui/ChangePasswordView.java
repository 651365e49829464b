package dev.kiln.portal.user.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.kiln.portal.user.CredentialsVersion;
import dev.kiln.portal.user.PasswordChangeRefused;
import dev.kiln.portal.user.PasswordChanges;
import dev.kiln.portal.user.UserService;
import jakarta.annotation.security.PermitAll;

/**
 * Where a user sets a new password, giving the one they log in with now; the first admin, and a
 * user whose password an admin reset, are sent here before anything else.
 */
@Route("account/password")
@PageTitle("Change password · Kiln")
@PermitAll
public final class ChangePasswordView extends VerticalLayout {

  private final PasswordField current = new PasswordField();
  private final PasswordField password = new PasswordField("New password");
  private final PasswordField repeat = new PasswordField("Repeat the new password");

  public ChangePasswordView(
      UserService users, PasswordChanges changes, AuthenticationContext auth) {
    String username = auth.getPrincipalName().orElseThrow();
    boolean oneTime = users.mustChangePassword(username);
    setMaxWidth("32rem");
    configureFields(oneTime);
    var save = new Button("Set password", e -> save(changes, username));
    save.setId("set-password");
    save.addThemeVariants(ButtonVariant.PRIMARY);
    var intro =
        new Paragraph(
            oneTime
                ? "Your password was a one-time password. Choose your own to continue."
                : "Choose a new password.");
    var effect =
        new Paragraph(
            "Setting it logs you out everywhere else. Your API tokens keep working: revoke"
                + " any you no longer use on the API tokens screen.");
    effect.setId("password-effect");
    effect.addClassName("hint");
    add(new H2("Change password"), intro, current, password, repeat, effect, save);
  }

  private void configureFields(boolean oneTime) {
    current.setLabel(oneTime ? "One-time password" : "Current password");
    current.setId("current-password");
    password.setHelperText(
        "At least "
            + UserService.MIN_PASSWORD_LENGTH
            + " characters. Not a common password, not one character or pattern repeated, not your user name.");
    password.setId("new-password");
    repeat.setId("repeat-password");
    current.setWidthFull();
    password.setWidthFull();
    repeat.setWidthFull();
  }

  private void save(PasswordChanges changes, String username) {
    current.setInvalid(false);
    password.setInvalid(false);
    repeat.setInvalid(false);
    if (!password.getValue().equals(repeat.getValue())) {
      invalid(repeat, "The two passwords differ.");
      return;
    }
    try {
      long version = changes.change(current.getValue(), password.getValue());
      // This session set the password: it takes up the new version, so it is the one that stays.
      VaadinSession.getCurrent()
          .getSession()
          .setAttribute(CredentialsVersion.sessionAttribute(username), version);
      getUI().ifPresent(ui -> ui.navigate(""));
    } catch (PasswordChangeRefused e) {
      invalid(
          e.field() == PasswordChangeRefused.Field.CURRENT ? current : password, e.getMessage());
    }
  }

  private static void invalid(PasswordField field, String message) {
    field.setErrorMessage(message);
    field.setInvalid(true);
  }
}

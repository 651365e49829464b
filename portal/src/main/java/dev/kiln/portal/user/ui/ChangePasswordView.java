package dev.kiln.portal.user.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.kiln.portal.user.UserService;
import jakarta.annotation.security.PermitAll;

/** Where a user sets a new password; the first admin is sent here before anything else. */
@Route("account/password")
@PageTitle("Change password · Kiln")
@PermitAll
public class ChangePasswordView extends VerticalLayout {

  private final PasswordField password = new PasswordField("New password");
  private final PasswordField repeat = new PasswordField("Repeat the new password");

  public ChangePasswordView(UserService users, AuthenticationContext auth) {
    String username = auth.getPrincipalName().orElseThrow();
    setMaxWidth("32rem");
    password.setHelperText("At least " + UserService.MIN_PASSWORD_LENGTH + " characters.");
    password.setId("new-password");
    repeat.setId("repeat-password");
    password.setWidthFull();
    repeat.setWidthFull();
    var save = new Button("Set password", e -> save(users, username));
    save.setId("set-password");
    save.addThemeVariants(ButtonVariant.PRIMARY);
    var intro = new Paragraph(users.mustChangePassword(username)
        ? "Your password was a one-time password. Choose your own to continue."
        : "Choose a new password.");
    add(new H2("Change password"), intro, password, repeat, save);
  }

  private void save(UserService users, String username) {
    password.setInvalid(false);
    repeat.setInvalid(false);
    if (!password.getValue().equals(repeat.getValue())) {
      repeat.setErrorMessage("The two passwords differ.");
      repeat.setInvalid(true);
      return;
    }
    try {
      users.changePassword(username, password.getValue());
      getUI().ifPresent(ui -> ui.navigate(""));
    } catch (IllegalArgumentException e) {
      password.setErrorMessage(e.getMessage());
      password.setInvalid(true);
    }
  }
}

package dev.kiln.portal.user.ui;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.kiln.portal.user.UserService;
import org.springframework.stereotype.Component;

/** Sends a user who must change their password to that page, whatever they try to open. */
@Component
class PasswordChangeGate implements VaadinServiceInitListener {

  private final UserService users;
  private final AuthenticationContext auth;

  PasswordChangeGate(UserService users, AuthenticationContext auth) {
    this.users = users;
    this.auth = auth;
  }

  @Override
  public void serviceInit(ServiceInitEvent event) {
    event.getSource().addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(this::check));
  }

  private void check(BeforeEnterEvent event) {
    Class<?> target = event.getNavigationTarget();
    if (target == ChangePasswordView.class || target == LoginView.class) {
      return;
    }
    auth.getPrincipalName()
        .filter(users::mustChangePassword)
        .ifPresent(name -> event.forwardTo(ChangePasswordView.class));
  }
}

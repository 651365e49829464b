package dev.kiln.portal.user.ui;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;

/** The log-in page. */
@Route(value = "login", autoLayout = false)
@PageTitle("Log in · Kiln")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

  private final LoginForm login = new LoginForm();

  public LoginView() {
    addClassName("login-view");
    setSizeFull();
    setAlignItems(Alignment.CENTER);
    setJustifyContentMode(JustifyContentMode.CENTER);
    login.setAction("login");
    login.setForgotPasswordButtonVisible(false);
    var title = new H1("Kiln");
    var hint = new Paragraph("First start? The admin's one-time password was printed in Kiln's console.");
    hint.addClassName("hint");
    add(title, login, hint);
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    // The same message for an unknown user and a wrong password: no hint which part was wrong.
    login.setError(event.getLocation().getQueryParameters().getParameters().containsKey("error"));
  }
}

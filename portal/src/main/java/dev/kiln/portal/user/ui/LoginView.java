package dev.kiln.portal.user.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/** The log-in page: a local password, or one of the configured OpenID providers. */
@Route(value = "login", autoLayout = false)
@PageTitle("Log in · Kiln")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

  /** Where a failed OpenID log-in lands. */
  public static final String OIDC_FAILURE = "/login?oidc-error";

  private final LoginForm login = new LoginForm();
  private final Paragraph providerError = new Paragraph(
      "Logging in through your identity provider did not work. Try again, or ask an admin.");

  public LoginView(ObjectProvider<ClientRegistrationRepository> registrations) {
    addClassName("login-view");
    setSizeFull();
    setAlignItems(Alignment.CENTER);
    setJustifyContentMode(JustifyContentMode.CENTER);
    login.setAction("login");
    login.setForgotPasswordButtonVisible(false);
    providerError.addClassName("error");
    providerError.setVisible(false);
    var hint = new Paragraph("First start? The admin's one-time password was printed in Kiln's console.");
    hint.addClassName("hint");
    add(new H1("Kiln"), providerError);
    List<ClientRegistration> providers = providers(registrations.getIfAvailable());
    if (!providers.isEmpty()) {
      var links = new Div();
      links.addClassName("providers");
      for (ClientRegistration provider : providers) {
        var link = new Anchor("oauth2/authorization/" + provider.getRegistrationId(), "Log in with " + provider.getClientName());
        link.setRouterIgnore(true); // a plain request: Spring Security starts the provider's flow
        link.addClassName("provider");
        links.add(link);
      }
      add(links, new Paragraph("or with a Kiln password:"));
    }
    add(login, hint);
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    var parameters = event.getLocation().getQueryParameters().getParameters();
    // The same message for an unknown user and a wrong password: no hint which part was wrong.
    login.setError(parameters.containsKey("error"));
    providerError.setVisible(parameters.containsKey("oidc-error"));
  }

  private static List<ClientRegistration> providers(ClientRegistrationRepository repository) {
    List<ClientRegistration> providers = new ArrayList<>();
    if (repository instanceof Iterable<?> all) {
      all.forEach(r -> providers.add((ClientRegistration) r));
    }
    return providers;
  }
}

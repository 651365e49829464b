package dev.kiln.portal.user.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/** The log-in page: a local password, or one of the configured identity providers. */
@Route(value = "login", autoLayout = false)
@PageTitle("Log in · Kiln")
@AnonymousAllowed
public final class LoginView extends VerticalLayout implements BeforeEnterObserver {

  /** Where a refused provider log-in lands, followed by its OAuth2 error code. */
  public static final String PROVIDER_FAILURE = "/login?provider-error=";

  private static final String PROVIDER_TROUBLE =
      "Logging in through your identity provider did not work. Try again, or ask an admin.";
  private static final String NOT_THIS_LOG_IN =
      "The identity provider's answer was not for a log-in started here (it may be old, or forged), so Kiln"
          + " refused it. Log in again.";
  private static final String UNEXPECTED_ANSWER =
      "The identity provider did not answer Kiln as expected. Try again, or ask an admin.";

  /**
   * What each refusal means for the user, by OAuth2 error code: Spring Security's and Kiln's own.
   */
  private static final Map<String, String> PROVIDER_ERRORS =
      Map.ofEntries(
          Map.entry("authorization_request_not_found", NOT_THIS_LOG_IN),
          Map.entry("invalid_state_parameter", NOT_THIS_LOG_IN),
          Map.entry(
              "invalid_nonce",
              "The identity provider's answer was not for this log-in (its nonce did not match),"
                  + " so Kiln refused it. Log in again."),
          Map.entry(
              "unexpected_issuer",
              "The identity provider's answer came from an unexpected issuer, so Kiln refused"
                  + " it. Ask an admin to check the provider's issuer setting."),
          Map.entry(
              "invalid_id_token",
              "The identity provider's ID token did not pass Kiln's checks (signature, audience"
                  + " or expiry). Try again, or ask an admin."),
          Map.entry(
              "account_disabled", "Your Kiln account is disabled. Ask an admin to enable it."),
          Map.entry(
              "access_denied",
              "The identity provider did not let you log in, or the log-in was cancelled."),
          Map.entry(
              "membership_lookup_failed",
              "Kiln could not read your GitHub organizations and teams, so it cannot"
                  + " tell your role. Ask an admin to check that Kiln asks GitHub for the read:org scope."),
          Map.entry("invalid_token_response", UNEXPECTED_ANSWER),
          Map.entry("invalid_user_info_response", UNEXPECTED_ANSWER));

  private final LoginForm login = new LoginForm();
  private final Paragraph providerError = new Paragraph();

  public LoginView(ObjectProvider<ClientRegistrationRepository> registrations) {
    addClassName("login-view");
    setSizeFull();
    setAlignItems(Alignment.CENTER);
    setJustifyContentMode(JustifyContentMode.CENTER);
    configureProviderError();
    add(new H1("Kiln"), providerError);
    List<ClientRegistration> providers = providers(registrations.getIfAvailable());
    if (!providers.isEmpty()) {
      add(providerLinks(providers));
    }
    configureForm(!providers.isEmpty());
    var hint =
        new Paragraph("First start? The admin's one-time password was printed in Kiln's console.");
    hint.addClassName("hint");
    add(login, hint);
  }

  private void configureProviderError() {
    providerError.addClassName("error");
    providerError.getElement().setAttribute("role", "alert");
    providerError.setVisible(false);
  }

  private static Div providerLinks(List<ClientRegistration> providers) {
    var links = new Div();
    links.addClassName("providers");
    for (ClientRegistration provider : providers) {
      var link =
          new Anchor(
              "oauth2/authorization/" + provider.getRegistrationId(),
              "Log in with " + provider.getClientName());
      link.setRouterIgnore(true); // a plain request: Spring Security starts the provider's flow
      link.addClassName("provider");
      links.add(link);
    }
    return links;
  }

  private void configureForm(boolean belowProviders) {
    login.setAction("login");
    login.setForgotPasswordButtonVisible(false);
    if (belowProviders) {
      // The form's own title, so the page does not say "Log in" twice; unset texts keep their
      // defaults.
      var form = new LoginI18n.Form();
      form.setTitle("Or with a Kiln password");
      var i18n = new LoginI18n();
      i18n.setForm(form);
      login.setI18n(i18n);
    }
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    var parameters = event.getLocation().getQueryParameters().getParameters();
    // The same message for an unknown user and a wrong password: no hint which part was wrong.
    login.setError(parameters.containsKey("error"));
    List<String> code = parameters.get("provider-error");
    providerError.setVisible(code != null);
    if (code != null) {
      providerError.setText(providerError(code.isEmpty() ? "" : code.getFirst()));
    }
  }

  /**
   * The words for a refused provider log-in; a general message for codes without words of their
   * own.
   */
  public static String providerError(String code) {
    return PROVIDER_ERRORS.getOrDefault(code, PROVIDER_TROUBLE);
  }

  private static List<ClientRegistration> providers(ClientRegistrationRepository repository) {
    List<ClientRegistration> providers = new ArrayList<>();
    if (repository instanceof Iterable<?> all) {
      all.forEach(r -> providers.add((ClientRegistration) r));
    }
    return providers;
  }
}

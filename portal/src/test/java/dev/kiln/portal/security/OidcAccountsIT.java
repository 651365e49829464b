package dev.kiln.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.ui.LoginView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Log-in through a real OpenID provider and Spring Security's real flow, and the answers Kiln must
 * refuse: an ID token from another issuer, one carrying another log-in's nonce, a callback Kiln
 * never started, and a user an admin disabled. Each refusal lands on the log-in page with words for
 * it, and creates no user.
 */
@WithMockUser(roles = "ADMIN") // the test itself looks users up and disables them as an admin
class OidcAccountsIT extends ProviderLoginSpringTest {

  @Test
  void anUntamperedAnswerLogsInAndADisabledUserIsThenRefused() throws Exception {
    provides(
        "dora-subject",
        Map.of("preferred_username", "dora", "groups", List.of("kiln-maintainers")));
    assertThat(logInThrough("idp").getPath()).isEqualTo("/");
    var dora = user("dora").orElseThrow();
    assertThat(dora.role()).isEqualTo(Role.MAINTAINER);
    assertThat(dora.provider()).isEqualTo("idp");

    admin.setEnabled(dora.id(), false);
    provides(
        "dora-subject",
        Map.of("preferred_username", "dora", "groups", List.of("kiln-maintainers")));

    expectRefusal(
        logInThrough("idp"), ExternalSignIn.ACCOUNT_DISABLED, "Your Kiln account is disabled");
    assertThat(user("dora").orElseThrow().enabled()).isFalse();
  }

  @Test
  void anIdTokenFromAnotherIssuerIsRefused() throws Exception {
    // Signed with the provider's own key, so only the issuer is wrong: the mix-up an attacker would
    // try.
    provides(
        "mallory-subject",
        Map.of("preferred_username", "mallory", "iss", IDP.issuerUrl("another-idp").toString()));

    expectRefusal(
        logInThrough("idp"), ExpectedIssuer.UNEXPECTED_ISSUER, "came from an unexpected issuer");
    assertThat(user("mallory")).isEmpty();
  }

  @Test
  void anIdTokenWithAnotherNonceIsRefused() throws Exception {
    provides(
        "trudy-subject",
        Map.of("preferred_username", "trudy", "nonce", "a-nonce-from-another-log-in"));

    expectRefusal(logInThrough("idp"), "invalid_nonce", "was not for this log-in");
    assertThat(user("trudy")).isEmpty();
  }

  @Test
  void aCallbackWithAStateKilnNeverIssuedIsRefused() throws Exception {
    var browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    URI landed =
        browser
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + port
                                + "/login/oauth2/code/idp?code=forged&state=not-issued-by-kiln"))
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .uri();

    expectRefusal(landed, "authorization_request_not_found", "was not for a log-in started here");
  }

  /** The provider's next ID token: the claims Kiln should see, or tampered ones. */
  private static void provides(String subject, Map<String, Object> claims) {
    IDP.enqueueCallback(
        new DefaultOAuth2TokenCallback(ISSUER, subject, "JWT", List.of("kiln"), claims, 3600));
  }

  private static void expectRefusal(URI landed, String code, String words) {
    assertThat(landed.getPath()).isEqualTo("/login");
    assertThat(landed.getQuery()).isEqualTo("provider-error=" + code);
    assertThat(LoginView.providerError(code)).contains(words);
  }
}

package dev.kiln.portal.security;

import dev.kiln.portal.user.ui.LoginView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Sends a refused provider log-in back to the log-in page with the OAuth2 error code of the reason,
 * which the page puts into words; the details (which claim, what the provider said) go to the log.
 */
final class ProviderLoginFailure implements AuthenticationFailureHandler {

  private static final Logger log = LoggerFactory.getLogger(ProviderLoginFailure.class);

  private final RedirectStrategy redirect = new DefaultRedirectStrategy();

  @Override
  public void onAuthenticationFailure(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    String code = code(failure);
    log.info(
        "A log-in through an identity provider was refused ({}): {}",
        code,
        String.valueOf(failure.getMessage()).replaceAll("[\\r\\n]+", " "));
    redirect.sendRedirect(request, response, LoginView.PROVIDER_FAILURE + code);
  }

  /** The error code to show; only well-formed codes get through, as some come from the provider. */
  static String code(AuthenticationException failure) {
    if (!(failure instanceof OAuth2AuthenticationException oauth)) {
      return "unknown";
    }
    if (failure.getCause() instanceof JwtValidationException invalid
        && invalid.getErrors().stream()
            .anyMatch(e -> ExpectedIssuer.UNEXPECTED_ISSUER.equals(e.getErrorCode()))) {
      return ExpectedIssuer.UNEXPECTED_ISSUER;
    }
    String code = oauth.getError().getErrorCode();
    return code != null && code.matches("[a-z_]{1,64}") ? code : "unknown";
  }
}

package dev.kiln.portal.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Records every log-in, with a password or through an OpenID provider, from Spring Security's
 * authentication events: who (the user name tried, for a failure), how, and from which address.
 * Never a password: only the user name and the kind of failure are read.
 */
@Component
class LoginAudit {

  private static final Logger log = LoggerFactory.getLogger(LoginAudit.class);

  private final AuditLog audit;

  LoginAudit(AuditLog audit) {
    this.audit = audit;
  }

  @EventListener
  void succeeded(AuthenticationSuccessEvent event) {
    Authentication auth = event.getAuthentication();
    record(
        AuditEvent.of(AuditAction.LOGIN_SUCCEEDED, "user", null, auth.getName())
            .detail(method(auth)),
        auth);
  }

  @EventListener
  void failed(AbstractAuthenticationFailureEvent event) {
    Authentication auth = event.getAuthentication();
    String name =
        auth.getName() == null || auth.getName().isBlank() ? "unknown" : auth.getName().strip();
    record(
        AuditEvent.of(AuditAction.LOGIN_FAILED, "user", null, name)
            .detail(method(auth) + ": " + reason(event.getException())),
        auth);
  }

  /**
   * A log-in must not fail because its entry could not be written, nor stop the log-in throttle's
   * count.
   */
  private void record(AuditEvent event, Authentication auth) {
    String address =
        auth.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
    try {
      audit.recordIndependently(event.by(event.targetName()).from(address));
    } catch (RuntimeException e) {
      log.error(
          "Could not record {} of {} in the audit log",
          event.action().code(),
          event.targetName(),
          e);
    }
  }

  private static String method(Authentication auth) {
    return auth instanceof OAuth2LoginAuthenticationToken oidc
        ? "OpenID Connect (" + oidc.getClientRegistration().getRegistrationId() + ")"
        : "password";
  }

  /** The kind of failure only: exception messages are not ours and might quote what was sent. */
  private static String reason(AuthenticationException e) {
    return switch (e) {
      case OAuth2AuthenticationException oauth -> "error " + oauth.getError().getErrorCode();
      case DisabledException disabled -> "account disabled";
      case LockedException locked -> "account locked";
      case BadCredentialsException bad -> "wrong user name or password";
      default -> e.getClass().getSimpleName();
    };
  }
}

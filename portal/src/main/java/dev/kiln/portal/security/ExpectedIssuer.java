package dev.kiln.portal.security;

import java.util.List;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * Refuses an ID token whose issuer is not the provider's configured issuer, with an error code of
 * its own. Spring Security refuses such a token too, but as one of several "invalid claims"; this
 * lets the log-in page say which check failed.
 *
 * @param issuer the provider's issuer URI; {@code null} when none is configured (nothing to
 *     compare)
 */
record ExpectedIssuer(String issuer) implements OAuth2TokenValidator<Jwt> {

  /** The OAuth2 error code of an ID token from another issuer. */
  static final String UNEXPECTED_ISSUER = "unexpected_issuer";

  /** ID tokens checked as Spring Security checks them by default, plus this check first. */
  static JwtDecoderFactory<ClientRegistration> idTokenDecoders() {
    var factory = new OidcIdTokenDecoderFactory();
    factory.setJwtValidatorFactory(
        registration ->
            new DelegatingOAuth2TokenValidator<>(
                List.of(
                    new ExpectedIssuer(registration.getProviderDetails().getIssuerUri()),
                    JwtValidators.createDefaultWithValidators(
                        List.of(new OidcIdTokenValidator(registration))))));
    return factory;
  }

  @Override
  public OAuth2TokenValidatorResult validate(Jwt token) {
    String actual = token.getClaimAsString(JwtClaimNames.ISS);
    if (issuer == null || issuer.equals(actual)) {
      return OAuth2TokenValidatorResult.success();
    }
    return OAuth2TokenValidatorResult.failure(
        new OAuth2Error(
            UNEXPECTED_ISSUER,
            "The ID token was issued by " + actual + ", not by " + issuer,
            null));
  }
}

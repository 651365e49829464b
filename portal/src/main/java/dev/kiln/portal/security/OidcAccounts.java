package dev.kiln.portal.security;

import dev.kiln.portal.user.AuthProperties;
import dev.kiln.portal.user.CredentialsVersion;
import dev.kiln.portal.user.ExternalAccounts;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Turns an OpenID log-in into a Kiln user: created on the first log-in, with the role the
 * configured groups claim maps to. Spring Security has already checked the state, the nonce, the
 * issuer and the token's signature before this runs.
 */
class OidcAccounts implements OAuth2UserService<OidcUserRequest, OidcUser> {

  private final OidcUserService delegate = new OidcUserService();
  private final ExternalAccounts accounts;
  private final AuthProperties auth;

  OidcAccounts(ExternalAccounts accounts, AuthProperties auth) {
    this.accounts = accounts;
    this.auth = auth;
  }

  @Override
  public OidcUser loadUser(OidcUserRequest request) {
    OidcUser oidc = delegate.loadUser(request);
    ExternalAccounts.SignedIn user =
        ExternalSignIn.signIn(
            () ->
                accounts.signIn(
                    request.getClientRegistration().getRegistrationId(),
                    oidc.getSubject(),
                    oidc.getPreferredUsername(),
                    oidc.getEmail(),
                    groups(oidc.getClaims().get(auth.rolesClaim()))));
    Map<String, Object> claims =
        new HashMap<>(oidc.getUserInfo() != null ? oidc.getUserInfo().getClaims() : Map.of());
    claims.put("sub", oidc.getSubject());
    claims.put(ExternalSignIn.USERNAME, user.username());
    claims.put(CredentialsVersion.PRINCIPAL_ATTRIBUTE, user.credentialsVersion());
    return new DefaultOidcUser(
        ExternalSignIn.authorities(user),
        oidc.getIdToken(),
        new OidcUserInfo(claims),
        ExternalSignIn.USERNAME);
  }

  private static Collection<String> groups(Object claim) {
    if (claim instanceof Collection<?> values) {
      return values.stream().map(String::valueOf).toList();
    }
    return claim == null ? List.of() : List.of(String.valueOf(claim));
  }
}

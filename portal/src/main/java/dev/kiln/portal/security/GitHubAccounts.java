package dev.kiln.portal.security;

import dev.kiln.portal.user.CredentialsVersion;
import dev.kiln.portal.user.ExternalAccounts;
import dev.kiln.portal.user.Role;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.web.client.RestClientException;

/**
 * Turns a GitHub log-in into a Kiln user: created on the first log-in (name from {@code login},
 * identified by GitHub's numeric {@code id}), with the role their organizations and teams map to.
 * GitHub's sign-in is OAuth2 without OpenID Connect, so there is no ID token and no groups claim:
 * memberships come from GitHub's REST API, at the root the provider's user-info URI ({@code
 * …/user}) belongs to, so GitHub Enterprise works with its own URIs. Kiln's only non-OpenID
 * provider.
 */
class GitHubAccounts implements OAuth2UserService<OAuth2UserRequest, OAuth2User> {

  /** The OAuth2 error code of a log-in whose organizations and teams GitHub would not list. */
  static final String MEMBERSHIP_LOOKUP_FAILED = "membership_lookup_failed";

  private final OAuth2UserService<OAuth2UserRequest, OAuth2User> delegate =
      new DefaultOAuth2UserService();
  private final ExternalAccounts accounts;
  private final Map<String, Role> mapping;
  private final GitHubMemberships memberships;

  GitHubAccounts(
      ExternalAccounts accounts, Map<String, Role> mapping, GitHubMemberships memberships) {
    this.accounts = accounts;
    this.mapping = mapping;
    this.memberships = memberships;
  }

  @Override
  public OAuth2User loadUser(OAuth2UserRequest request) {
    OAuth2User github = delegate.loadUser(request);
    Object id = github.getAttribute("id");
    String login = github.getAttribute("login");
    if (id == null || login == null) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error(
              "invalid_user_info_response",
              "The user-info answer has no id or login; only GitHub is supported without OpenID Connect",
              null));
    }
    Set<String> groups = groups(request);
    ExternalAccounts.SignedIn user =
        ExternalSignIn.signIn(
            () ->
                accounts.signIn(
                    request.getClientRegistration().getRegistrationId(),
                    String.valueOf(id),
                    login,
                    github.getAttribute("email"),
                    groups,
                    mapping));
    Map<String, Object> attributes = new HashMap<>(github.getAttributes());
    attributes.put(ExternalSignIn.USERNAME, user.username());
    attributes.put(CredentialsVersion.PRINCIPAL_ATTRIBUTE, user.credentialsVersion());
    return new DefaultOAuth2User(
        ExternalSignIn.authorities(user), attributes, ExternalSignIn.USERNAME);
  }

  private Set<String> groups(OAuth2UserRequest request) {
    if (mapping.isEmpty()) {
      return Set.of(); // nothing to map: no need to ask GitHub, or for the read:org scope
    }
    String userInfo =
        request.getClientRegistration().getProviderDetails().getUserInfoEndpoint().getUri();
    try {
      if (!userInfo.endsWith("/user")) {
        throw new IllegalStateException("the user-info URI " + userInfo + " does not end in /user");
      }
      return memberships.of(
          userInfo.substring(0, userInfo.length() - "/user".length()),
          request.getAccessToken().getTokenValue(),
          mapping.keySet());
    } catch (RestClientException | IllegalStateException e) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error(
              MEMBERSHIP_LOOKUP_FAILED,
              "GitHub did not list the user's organizations and teams: " + e.getMessage(),
              null),
          e);
    }
  }
}

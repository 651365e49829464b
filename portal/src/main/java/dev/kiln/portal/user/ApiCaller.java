package dev.kiln.portal.user;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

/**
 * Who calls the REST API with a valid token: the user, their current role, and the token's name and
 * scope. It is the principal of an API request; the token's id keys its rate limit.
 */
public record ApiCaller(String username, Role role, String tokenName, ApiScope scope, long tokenId)
    implements Principal {

  /**
   * The username, so that {@code Authentication.getName()} is the same for API calls as in the
   * portal.
   */
  @Override
  public String getName() {
    return username;
  }

  /** The user's role plus the token's scopes: the token never gives more than the role allows. */
  public List<String> authorities() {
    List<String> all = new ArrayList<>(List.of("ROLE_" + role.name()));
    all.addAll(scope.authorities());
    return all;
  }
}

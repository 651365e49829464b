package dev.kiln.portal.user;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How users from identity providers get their Kiln role. The providers themselves are Spring's
 * standard {@code spring.security.oauth2.client.*} settings.
 *
 * @param defaultRole the role of a new user whose groups map to none
 * @param rolesClaim the ID token or user-info claim that lists an OpenID user's groups
 * @param roleMapping {@code group=ROLE} pairs separated by commas, for example {@code
 *     kiln-admins=ADMIN,kiln-maintainers=MAINTAINER}
 * @param github how GitHub users get their role
 */
@ConfigurationProperties("kiln.auth")
public record AuthProperties(
    Role defaultRole, String rolesClaim, String roleMapping, GitHub github) {

  public AuthProperties {
    defaultRole = defaultRole == null ? Role.VIEWER : defaultRole;
    rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "groups" : rolesClaim;
    roleMapping = roleMapping == null ? "" : roleMapping;
    github = github == null ? new GitHub(null) : github;
    mapping(
        "kiln.auth.role-mapping", roleMapping); // fail at start on a typo, not at someone's log-in
  }

  /** The mapping from an OpenID user's group to a role. */
  public Map<String, Role> groupRoles() {
    return mapping("kiln.auth.role-mapping", roleMapping);
  }

  /**
   * GitHub has no groups claim: a GitHub user's "groups" are their organizations ({@code org}) and
   * teams ({@code org/team-slug}), read from GitHub's API.
   *
   * @param roleMapping {@code org=ROLE} and {@code org/team-slug=ROLE} pairs separated by commas
   */
  public record GitHub(String roleMapping) {

    public GitHub {
      roleMapping = roleMapping == null ? "" : roleMapping;
      mapping("kiln.auth.github.role-mapping", roleMapping);
    }

    /**
     * The mapping from organization or team to role, in lower case: GitHub compares names that way.
     */
    public Map<String, Role> groupRoles() {
      return mapping("kiln.auth.github.role-mapping", roleMapping.toLowerCase(Locale.ROOT));
    }
  }

  private static Map<String, Role> mapping(String property, String text) {
    return Arrays.stream(text.split(","))
        .map(String::strip)
        .filter(pair -> !pair.isEmpty())
        .map(
            pair -> {
              int eq = pair.lastIndexOf('=');
              if (eq <= 0) {
                throw new IllegalArgumentException(property + ": '" + pair + "' is not group=ROLE");
              }
              try {
                return Map.entry(
                    pair.substring(0, eq).strip(),
                    Role.valueOf(pair.substring(eq + 1).strip().toUpperCase(Locale.ROOT)));
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                    property + ": '" + pair + "' names no role; use ADMIN, MAINTAINER or VIEWER");
              }
            })
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a.compareTo(b) <= 0 ? a : b));
  }
}

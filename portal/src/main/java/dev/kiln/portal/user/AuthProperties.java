package dev.kiln.portal.user;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How users from OpenID providers get their Kiln role. The providers themselves are Spring's
 * standard {@code spring.security.oauth2.client.*} settings.
 *
 * @param defaultRole the role of a new user whose groups map to none
 * @param rolesClaim the ID token or user-info claim that lists the user's groups
 * @param roleMapping {@code group=ROLE} pairs separated by commas, for example {@code
 *     kiln-admins=ADMIN,kiln-maintainers=MAINTAINER}
 */
@ConfigurationProperties("kiln.auth")
public record AuthProperties(Role defaultRole, String rolesClaim, String roleMapping) {

  public AuthProperties {
    defaultRole = defaultRole == null ? Role.VIEWER : defaultRole;
    rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "groups" : rolesClaim;
    roleMapping = roleMapping == null ? "" : roleMapping;
    mapping(roleMapping); // fail at start on a typo, not at someone's log-in
  }

  /** The mapping from group to role. */
  public Map<String, Role> groupRoles() {
    return mapping(roleMapping);
  }

  private static Map<String, Role> mapping(String text) {
    return Arrays.stream(text.split(","))
        .map(String::strip)
        .filter(pair -> !pair.isEmpty())
        .map(pair -> {
          int eq = pair.lastIndexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("kiln.auth.role-mapping: '" + pair + "' is not group=ROLE");
          }
          try {
            return Map.entry(pair.substring(0, eq).strip(), Role.valueOf(pair.substring(eq + 1).strip().toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kiln.auth.role-mapping: '" + pair + "' names no role; use ADMIN, MAINTAINER or VIEWER");
          }
        })
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a.compareTo(b) <= 0 ? a : b));
  }
}

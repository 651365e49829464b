package dev.kiln.portal;

import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.util.List;

/**
 * Creates the local users a test needs. {@link UserService#create} is for admins only, so the call
 * runs as an admin named {@value #SETUP_ADMIN}, as the users screen would.
 */
public final class TestUsers {

  /** The admin the audit log names for users a test created. */
  public static final String SETUP_ADMIN = "test-setup";

  private TestUsers() {}

  /** Creates a local user with its own password, as an admin. */
  public static void create(UserService users, String username, String password, Role role) {
    KilnSpringTest.as(
        SETUP_ADMIN,
        List.of("ROLE_ADMIN"),
        () -> {
          users.create(username, password, role);
          return null;
        });
  }
}

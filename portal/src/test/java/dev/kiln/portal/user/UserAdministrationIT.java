package dev.kiln.portal.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.KilnSpringTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.test.context.support.WithMockUser;

/** Admins manage users; nobody else can, and Kiln always keeps an enabled admin. */
class UserAdministrationIT extends KilnSpringTest {

  @Autowired UserAdministration admin;
  @Autowired UserService users;
  @Autowired PasswordEncoder encoder;
  @Autowired ApiTokens tokens;

  @Test
  @WithMockUser(roles = "ADMIN")
  void createdUsersGetAOneTimePasswordTheyMustReplace() {
    String password = admin.create("  bob ", Role.MAINTAINER);
    assertThat(encoder.matches(password, users.loadUserByUsername("bob").getPassword())).isTrue();
    assertThat(users.mustChangePassword("bob")).isTrue();
    assertThatThrownBy(() -> admin.create("BOB", Role.VIEWER)).hasMessage("A user named 'BOB' already exists.");
    assertThatThrownBy(() -> admin.create("b", Role.VIEWER)).hasMessageContaining("2 to 100 letters");
  }

  @Test
  @WithMockUser(roles = "ADMIN")
  void disabledUsersCannotLogInAndResetPasswordsAreOneTime() {
    admin.create("carol", Role.VIEWER);
    long id = id("carol");
    admin.setEnabled(id, false);
    assertThat(users.loadUserByUsername("carol").isEnabled()).isFalse();
    admin.setEnabled(id, true);
    String reset = admin.resetPassword(id);
    assertThat(encoder.matches(reset, users.loadUserByUsername("carol").getPassword())).isTrue();
    assertThat(users.mustChangePassword("carol")).isTrue();
  }

  /** A reset is for an account that may be in someone else's hands: their API tokens stop working for good. */
  @Test
  @WithMockUser(roles = "ADMIN")
  void aResetRevokesTheUsersApiTokens() {
    users.create("token-holder", "token holder's own password", Role.MAINTAINER);
    String token = as("token-holder", List.of("ROLE_MAINTAINER"), () -> tokens.create("ci", ApiScope.TRIGGER, 30).value());
    assertThat(tokens.authenticate(token)).isPresent();

    admin.resetPassword(id("token-holder"));

    assertThat(tokens.authenticate(token)).isEmpty();
    assertThat(as("token-holder", List.of("ROLE_MAINTAINER"), tokens::mine))
        .singleElement().satisfies(t -> assertThat(t.revokedAt()).isNotNull());
  }

  @Test
  @WithMockUser(roles = "ADMIN")
  void theLastEnabledAdminCanBeNeitherDisabledNorDemoted() {
    admin.create("spare-admin", Role.ADMIN);
    List<UserSummary> admins = enabledAdmins();
    UserSummary last = admins.getLast();
    List<UserSummary> others = admins.subList(0, admins.size() - 1);
    others.forEach(a -> admin.setEnabled(a.id(), false));
    try {
      assertThatThrownBy(() -> admin.setEnabled(last.id(), false)).hasMessageContaining("is the last enabled admin");
      assertThatThrownBy(() -> admin.changeRole(last.id(), Role.VIEWER)).hasMessageContaining("is the last enabled admin");
    } finally {
      others.forEach(a -> admin.setEnabled(a.id(), true));
    }
  }

  @Test
  @WithMockUser(roles = "MAINTAINER")
  void onlyAdminsMayManageUsers() {
    assertThatThrownBy(() -> admin.list(PageRequest.of(0, 10))).isInstanceOf(AuthorizationDeniedException.class);
    assertThatThrownBy(() -> admin.create("mallory", Role.ADMIN)).isInstanceOf(AuthorizationDeniedException.class);
  }

  private long id(String username) {
    return admin.list(PageRequest.of(0, 1000)).stream().filter(u -> u.username().equals(username)).findFirst()
        .orElseThrow().id();
  }

  private List<UserSummary> enabledAdmins() {
    return admin.list(PageRequest.of(0, 1000)).stream().filter(u -> u.role() == Role.ADMIN && u.enabled()).toList();
  }
}

package dev.kiln.portal.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
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
    assertThatThrownBy(() -> admin.create("BOB", Role.VIEWER))
        .hasMessage("A user named 'BOB' already exists.");
    assertThatThrownBy(() -> admin.create("b", Role.VIEWER))
        .hasMessageContaining("2 to 100 letters");
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

  /**
   * A reset is for an account that may be in someone else's hands: their API tokens stop working
   * for good.
   */
  @Test
  @WithMockUser(roles = "ADMIN")
  void aResetRevokesTheUsersApiTokens() {
    TestUsers.create(users, "token-holder", "token holder's own password", Role.MAINTAINER);
    String token =
        as(
            "token-holder",
            List.of("ROLE_MAINTAINER"),
            () -> tokens.create("ci", ApiScope.TRIGGER, 30).value());
    assertThat(tokens.authenticate(token)).isPresent();

    admin.resetPassword(id("token-holder"));

    assertThat(tokens.authenticate(token)).isEmpty();
    assertThat(as("token-holder", List.of("ROLE_MAINTAINER"), tokens::mine))
        .singleElement()
        .satisfies(t -> assertThat(t.revokedAt()).isNotNull());
  }

  /** A session the reset ended makes no token, even before its next request has noticed. */
  @Test
  @WithMockUser(roles = "ADMIN")
  void aSessionThatLoggedInBeforeAResetCannotMakeAToken() {
    TestUsers.create(users, "token-late", "token late's own password", Role.MAINTAINER);
    Authentication session = logIn("token-late");

    admin.resetPassword(id("token-late"));

    assertThatThrownBy(() -> asSession(session, () -> tokens.create("late", ApiScope.ADMIN, 30)))
        .isInstanceOf(CredentialsChangedException.class)
        .hasMessageContaining("log in again");
    assertThat(asSession(logIn("token-late"), tokens::mine)).isEmpty();
  }

  /**
   * A token made at the same moment as its user's password reset, on the real database: every round
   * either the reset revokes the token or the creation is refused; no token outlives it.
   */
  @Test
  @WithMockUser(roles = "ADMIN")
  void aTokenMadeWhileThePasswordIsResetIsRevokedOrRefused() throws Exception {
    TestUsers.create(users, "token-racer", "token racer's own password", Role.MAINTAINER);
    long id = id("token-racer");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    int refused = 0;
    try {
      for (int round = 0; round < 25; round++) {
        Authentication session = logIn("token-racer");
        var start = new CountDownLatch(1);
        String name = "race-" + round;
        Future<String> created =
            pool.submit(
                () -> {
                  start.await();
                  try {
                    return asSession(session, () -> tokens.create(name, ApiScope.TRIGGER, 1))
                        .value();
                  } catch (CredentialsChangedException refusedAfterTheReset) {
                    return null;
                  }
                });
        Future<String> reset =
            pool.submit(
                () -> {
                  start.await();
                  return as("race-admin", List.of("ROLE_ADMIN"), () -> admin.resetPassword(id));
                });
        start.countDown();
        reset.get(2, TimeUnit.MINUTES);
        String token = created.get(2, TimeUnit.MINUTES);
        if (token == null) {
          refused++;
        } else {
          assertThat(tokens.authenticate(token))
              .as("round %d's token, made before the reset", round)
              .isEmpty();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(asSession(logIn("token-racer"), tokens::mine))
        .hasSize(25 - refused)
        .allSatisfy(t -> assertThat(t.revokedAt()).as(t.name()).isNotNull());
  }

  /**
   * A log-in's authentication as the password form makes it, with the account's credentials version
   * now.
   */
  private Authentication logIn(String username) {
    UserDetails account = users.loadUserByUsername(username);
    return UsernamePasswordAuthenticationToken.authenticated(
        account, null, account.getAuthorities());
  }

  private static <T> T asSession(Authentication session, Supplier<T> call) {
    var outer = SecurityContextHolder.getContext();
    var inner = SecurityContextHolder.createEmptyContext();
    inner.setAuthentication(session);
    SecurityContextHolder.setContext(inner);
    try {
      return call.get();
    } finally {
      SecurityContextHolder.setContext(outer);
    }
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
      assertThatThrownBy(() -> admin.setEnabled(last.id(), false))
          .hasMessageContaining("is the last enabled admin");
      assertThatThrownBy(() -> admin.changeRole(last.id(), Role.VIEWER))
          .hasMessageContaining("is the last enabled admin");
    } finally {
      others.forEach(a -> admin.setEnabled(a.id(), true));
    }
  }

  @Test
  @WithMockUser(roles = "MAINTAINER")
  void onlyAdminsMayManageUsers() {
    assertThatThrownBy(() -> admin.list(PageRequest.of(0, 10)))
        .isInstanceOf(AuthorizationDeniedException.class);
    assertThatThrownBy(() -> admin.create("mallory", Role.ADMIN))
        .isInstanceOf(AuthorizationDeniedException.class);
    assertThatThrownBy(() -> users.create("mallory", "mallory's chosen password", Role.ADMIN))
        .isInstanceOf(AuthorizationDeniedException.class);
  }

  private long id(String username) {
    return admin.list(PageRequest.of(0, 1000)).stream()
        .filter(u -> u.username().equals(username))
        .findFirst()
        .orElseThrow()
        .id();
  }

  private List<UserSummary> enabledAdmins() {
    return admin.list(PageRequest.of(0, 1000)).stream()
        .filter(u -> u.role() == Role.ADMIN && u.enabled())
        .toList();
  }
}

package dev.kiln.portal.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEntry;
import dev.kiln.portal.audit.AuditFilter;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.user.PasswordChangeRefused.Field;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A user changes their own password: only with the one they log in with now (the one-time password
 * after a reset), only to one that is not easily guessed, and wrong ones count like wrong log-ins.
 */
class PasswordPolicyIT extends KilnSpringTest {

  private static final String OWN = "policy user's own password";

  @Autowired UserService users;
  @Autowired UserAdministration admin;
  @Autowired PasswordChanges changes;
  @Autowired PasswordEncoder encoder;
  @Autowired AuditLog audit;

  @Test
  void easilyGuessedPasswordsAreRefusedUnderTheNewPassword() {
    TestUsers.create(users, "policy-user", OWN, Role.VIEWER);
    for (String weak :
        List.of(
            "            ",
            "aaaaaaaaaaaa",
            "password1234",
            "123456789012",
            "qwertyuiopas",
            "PASSWORD1234",
            "policy-user-2024",
            "short")) {
      assertThatThrownBy(() -> as("policy-user", () -> changes.change(OWN, weak)))
          .as(weak)
          .isInstanceOfSatisfying(
              PasswordChangeRefused.class, e -> assertThat(e.field()).isEqualTo(Field.NEW));
    }
    assertThatThrownBy(() -> TestUsers.create(users, "policy-other", "password1234", Role.VIEWER))
        .hasMessageContaining("most common passwords");
  }

  /** A session left open, or taken over, cannot choose a new password without the current one. */
  @Test
  void aChangeNeedsTheCurrentPassword() {
    TestUsers.create(users, "changer", OWN, Role.VIEWER);

    for (String wrong : Arrays.asList(null, "", "not the password at all")) {
      assertThatThrownBy(() -> as("changer", () -> changes.change(wrong, "fresh words to type in")))
          .isInstanceOfSatisfying(
              PasswordChangeRefused.class,
              e -> {
                assertThat(e.field()).isEqualTo(Field.CURRENT);
                assertThat(e.getMessage()).isEqualTo("This is not your current password.");
              });
    }
    assertThat(encoder.matches(OWN, users.loadUserByUsername("changer").getPassword())).isTrue();
    assertThat(audited("changer", AuditAction.USER_PASSWORD_CHANGE_REFUSED))
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.detail()).isEqualTo("wrong current password"));

    as("changer", () -> changes.change(OWN, "fresh words to type in"));

    assertThat(
            encoder.matches(
                "fresh words to type in", users.loadUserByUsername("changer").getPassword()))
        .isTrue();
    assertThat(audited("changer", AuditAction.USER_SESSIONS_ENDED))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("every other session"));
  }

  /**
   * After a reset, the one-time password is what the forced change asks for; the old password no
   * longer works.
   */
  @Test
  void afterAResetTheChangeTakesTheOneTimePassword() {
    TestUsers.create(users, "reset-changer", OWN, Role.VIEWER);
    String oneTime =
        as("an-admin", List.of("ROLE_ADMIN"), () -> admin.resetPassword(id("reset-changer")));

    assertThatThrownBy(
            () -> as("reset-changer", () -> changes.change(OWN, "a new password after reset")))
        .hasMessage("This is not your one-time password.");
    as("reset-changer", () -> changes.change(oneTime, "a new password after reset"));

    assertThat(users.mustChangePassword("reset-changer")).isFalse();
  }

  /** The change form is no second way to guess: it shares the account's log-in limit. */
  @Test
  void wrongCurrentPasswordsAreLimitedWithTheLogIns() {
    TestUsers.create(users, "guessed-changer", OWN, Role.VIEWER);
    for (int i = 0; i < 10; i++) {
      int attempt = i;
      assertThatThrownBy(
              () ->
                  as(
                      "guessed-changer",
                      () -> changes.change("guess " + attempt, "a new password here")))
          .hasMessage("This is not your current password.");
    }

    assertThatThrownBy(
            () -> as("guessed-changer", () -> changes.change(OWN, "a new password here")))
        .isInstanceOfSatisfying(
            PasswordChangeRefused.class,
            e -> {
              assertThat(e.field()).isEqualTo(Field.CURRENT);
              assertThat(e.getMessage())
                  .startsWith("Too many wrong passwords for this account. Try again in");
            });
  }

  private static <T> T as(String username, Supplier<T> call) {
    return as(username, List.of("ROLE_VIEWER"), call);
  }

  private long id(String username) {
    return users.idOf(username).orElseThrow();
  }

  private List<AuditEntry> audited(String username, AuditAction action) {
    return as(
            "an-admin",
            List.of("ROLE_ADMIN"),
            () ->
                audit.list(
                    new AuditFilter(null, action, null, null, username), PageRequest.of(0, 100)))
        .stream()
        .filter(e -> e.targetName().equals(username))
        .toList();
  }
}

package dev.kiln.portal.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Each refusal of the password policy, and passwords it must let through. */
class PasswordPolicyTest {

  @Test
  void tooShortOrTooLong() {
    assertThat(PasswordPolicy.problem("bob", "")).hasValue("Choose a password.");
    assertThat(PasswordPolicy.problem("bob", "eleven char"))
        .hasValue("Use at least 12 characters.");
    // Twelve characters, not twelve UTF-16 units: an emoji is one character.
    assertThat(PasswordPolicy.problem("bob", "\ud83d\udd25".repeat(11)))
        .hasValue("Use at least 12 characters.");
    assertThat(
            PasswordPolicy.problem(
                "bob",
                "lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor"))
        .hasValueSatisfying(p -> assertThat(p).startsWith("Use at most 72 bytes"));
    assertThat(PasswordPolicy.problem("bob", "é".repeat(37)))
        .hasValueSatisfying(p -> assertThat(p).startsWith("Use at most 72 bytes"));
  }

  @Test
  void blankOrOneCharacter() {
    for (String blank :
        List.of(
            " ".repeat(12),
            "\t".repeat(12),
            "\u00a0".repeat(12),
            "\u200b".repeat(12),
            "\u3000".repeat(12),
            " \u200b\u00a0\ufeff".repeat(3))) {
      assertThat(PasswordPolicy.problem("bob", blank))
          .as(blank)
          .hasValue("A password of only spaces or invisible characters is easy to guess.");
    }
    for (String single :
        List.of(
            "aaaaaaaaaaaa",
            "aAaAaAaAaAaA",
            "############",
            "ａａａａａａａａａａａａ",
            "a a a a a a a ",
            "a\u200ba\u200ba\u200ba\u200ba\u200ba\u200b")) {
      assertThat(PasswordPolicy.problem("bob", single))
          .as(single)
          .hasValue("One character repeated is easy to guess.");
    }
  }

  @Test
  void commonPasswordsWhateverTheirCaseOrWidth() {
    for (String common :
        List.of(
            "password1234",
            "PASSWORD1234",
            "Password1234",
            "123456789012",
            "qwertyuiopas",
            "ｐａｓｓｗｏｒｄ１２３４",
            "iloveyou1234",
            "1q2w3e4r5t6y",
            "passwordpassword")) {
      assertThat(PasswordPolicy.problem("bob", common))
          .as(common)
          .hasValue("This is one of the most common passwords. Choose another.");
    }
  }

  @Test
  void commonPasswordsWithAFewCharactersChangedOrAdded() {
    for (String variant :
        List.of(
            "Password2026!",
            "!!dragon!!2024",
            "P@ssw0rd2024",
            "p4ssw0rd-1234",
            "Monkey12345678",
            "sunshine.....",
            "Qwerty!23456",
            "L3tme1n-2024")) {
      assertThat(PasswordPolicy.problem("bob", variant))
          .as(variant)
          .hasValue(
              "This is a common password with a few characters changed or added. Choose another.");
    }
  }

  @Test
  void patternsAndRuns() {
    for (String pattern :
        List.of("abababababab", "abcabcabcabc", "1212121212121", "xyz!xyz!xyz!")) {
      assertThat(PasswordPolicy.problem("bob", pattern))
          .as(pattern)
          .hasValue("A short pattern repeated is easy to guess.");
    }
    for (String run : List.of("bcdefghijklmn", "ZYXWVUTSRQPO", "345678901234", "98765432109876")) {
      assertThat(PasswordPolicy.problem("bob", run))
          .as(run)
          .hasValue("A run of consecutive letters or digits is easy to guess.");
    }
  }

  @Test
  void theUsersOwnName() {
    assertThat(PasswordPolicy.problem("maint2", "MAINT2 is my name"))
        .hasValue("Do not use your user name in your password.");
    assertThat(PasswordPolicy.problem("maint2", "ｍａｉｎｔ２-secret-words"))
        .hasValue("Do not use your user name in your password.");
    assertThat(PasswordPolicy.problem("al", "al is a short name, allowed")).isEmpty();
  }

  @Test
  void reasonablePasswordsPass() {
    for (String fine :
        List.of(
            "correct horse battery",
            "a long enough password",
            "Tr0ub4dor&3-extended",
            "kiln builds my wheels",
            "日本語のパスワードですね",
            "pässwörter-sind-lang")) {
      assertThat(PasswordPolicy.problem("bob", fine)).as(fine).isEmpty();
      assertThat(PasswordPolicyTest.ENCODER.matches(fine, PasswordPolicyTest.ENCODER.encode(fine)))
          .isTrue();
    }
  }

  /** The encoder Kiln stores passwords with: what passes the policy, it takes in full. */
  private static final PasswordEncoder ENCODER =
      PasswordEncoderFactories.createDelegatingPasswordEncoder();
}

package dev.kiln.portal.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One key per account, whatever the spelling, and a safe set of characters for local names. */
class UsernamesTest {

  @Test
  void spellingsThatFoldToANameHaveItsKey() {
    for (String spelling :
        List.of(
            "maint2",
            "MAINT2",
            "Maint2",
            "ｍａｉｎｔ２",
            "ＭＡＩＮＴ２",
            "ma\u0131nt2",
            " maint2 ",
            "maint2\u00a0",
            "\u3000maint2",
            "\u2000maint2\t",
            "maint\u2082")) {
      assertThat(Usernames.key(spelling)).as(spelling).isEqualTo("maint2");
    }
    assertThat(Usernames.key("\u212Aelvin")).as("Kelvin sign").isEqualTo("kelvin");
    assertThat(Usernames.key("stra\u00dfe"))
        .isEqualTo("strasse")
        .isEqualTo(Usernames.key("STRASSE"))
        .isEqualTo(Usernames.key("stra\u1e9ee"));
    assertThat(Usernames.key("\ufb01le")).as("ligature").isEqualTo("file");
  }

  /**
   * The log-in form trims the name (Java's {@code trim()}: every character up to U+0020) before it
   * looks the account up; the key must not tell those spellings apart, or they get a count of their
   * own.
   */
  @Test
  void whatTheLogInFormTrimsTheKeyIgnores() {
    for (char c = 0; c <= ' '; c++) {
      String around = c + "maint2" + c;
      assertThat(Usernames.key(around))
          .as("U+%04X around the name", (int) c)
          .isEqualTo(Usernames.key(around.trim()));
    }
    assertThat(Usernames.key("maint2\u0000")).isEqualTo("maint2");
  }

  /**
   * What Java's lower-casing and PostgreSQL's disagreed on: these are no ASCII name, so no account.
   */
  @Test
  void lookAlikesThatAreNotTheNameHaveOtherKeys() {
    for (String other :
        List.of(
            "ma\u0130nt2",
            "MA\u0130NT2",
            "mai\u0307nt2",
            "ma\u200bint2",
            "maint2\u200d",
            "\ufeffmaint2",
            "m\u0430int2",
            "mai\u0308nt2")) {
      assertThat(Usernames.key(other))
          .as(other)
          .isNotEqualTo("maint2")
          .satisfies(
              key ->
                  assertThat(key.chars().allMatch(c -> c < 128))
                      .as("key %s is ASCII", key)
                      .isFalse());
    }
  }

  @Test
  void keysAreStable() {
    for (String name :
        List.of("maint2", "ma\u0130nt2", "ＭＡＩＮＴ２", "stra\u1e9ee", "\u212A", "ǅ", "ﷺ")) {
      assertThat(Usernames.key(Usernames.key(name))).as(name).isEqualTo(Usernames.key(name));
    }
  }

  @Test
  void localNamesUseASafeSetOfCharacters() {
    assertThat(Usernames.checkLocal("  Bob.Smith_2@example-org "))
        .isEqualTo("Bob.Smith_2@example-org");
    assertThatThrownBy(() -> Usernames.checkLocal("ma\u0130nt2"))
        .hasMessage(
            "'\u0130' (U+0130) is not allowed in a user name. Use 2 to 100 letters a-z, digits, dots, dashes,"
                + " underscores or @.");
    assertThatThrownBy(() -> Usernames.checkLocal("ma\u200bint2"))
        .hasMessageStartingWith("The invisible character U+200B is not allowed in a user name.");
    assertThatThrownBy(() -> Usernames.checkLocal("ｂｏｂ"))
        .hasMessageStartingWith("'ｂ' (U+FF42) is not allowed");
    assertThatThrownBy(() -> Usernames.checkLocal("bob smith"))
        .hasMessageStartingWith("A space (U+0020) is not allowed");
    assertThatThrownBy(() -> Usernames.checkLocal("b"))
        .hasMessage("Use 2 to 100 letters a-z, digits, dots, dashes," + " underscores or @.");
    assertThatThrownBy(() -> Usernames.checkLocal("b".repeat(101)))
        .hasMessageStartingWith("Use 2 to 100");
    assertThatThrownBy(() -> Usernames.checkLocal(null)).hasMessageStartingWith("Use 2 to 100");
  }

  @Test
  void providerNamesAreMadeSafe() {
    assertThat(Usernames.fromProvider("ｇｒａｃｅ", 92)).isEqualTo("grace");
    assertThat(Usernames.fromProvider("Grace Hopper", 92)).isEqualTo("Grace-Hopper");
    assertThat(Usernames.fromProvider("\u0130", 92)).isEqualTo("user--");
    assertThat(Usernames.fromProvider("g".repeat(200), 92)).hasSize(92);
  }
}

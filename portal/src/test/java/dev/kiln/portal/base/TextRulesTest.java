package dev.kiln.portal.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextRulesTest {

  @Test
  void countsCharactersAsPostgresDoes() {
    String fire = "\uD83D\uDD25"; // one character, two UTF-16 units
    assertThat(TextRules.problem(fire.repeat(100), 100)).isNull();
    assertThat(TextRules.problem(fire.repeat(101), 100))
        .isEqualTo("Use at most 100 characters; this has 101.");
    assertThat(TextRules.problem("", 0)).isNull();
    assertThat(TextRules.problem(null, 3)).isNull();
  }

  @Test
  void refusesWhatPostgresCannotStoreAsItIs() {
    assertThat(TextRules.problem("ab\u0000c", 100))
        .isEqualTo("Remove the NUL character (U+0000) at position 3: it" + " cannot be stored.");
    assertThat(TextRules.characterProblem("a\uD800")).contains("position 2");
    assertThat(TextRules.characterProblem("\uDC00a")).contains("position 1");
    assertThat(TextRules.characterProblem("line\nnext\ttab é \uD83D\uDD25")).isNull();
  }

  @Test
  void namesAreOneLine() {
    assertThat(TextRules.nameProblem("night\nly", 100)).contains("control characters");
    assertThat(TextRules.nameProblem("nightly", 100)).isNull();
  }
}

package dev.kiln.portal.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathIdsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+14",
        "014",
        "00",
        "0xE",
        "0XE",
        "#E",
        "\uFF11\uFF14",
        "\u0661\u0664",
        "\u06F1\u06F4",
        "\u0967\u096A",
        " 14",
        "14 ",
        "\t14",
        "14\n",
        "1 4",
        "1_4",
        "14L",
        "14.0",
        "1e1",
        "",
        "-",
        "-0",
        "--14",
        "+-14",
        "9223372036854775808",
        "99999999999999999999",
        "-9223372036854775809",
        "%31%34"
      })
  void refusesEveryOtherSpellingOfANumber(String text) {
    assertThat(PathIds.parse(text)).isEmpty();
    assertThatThrownBy(() -> PathIds.parseLong(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PathIds.RULE);
  }

  @Test
  void readsTheCanonicalFormWithinRange() {
    assertThat(PathIds.parse("14")).isEqualTo(OptionalLong.of(14));
    assertThat(PathIds.parse("0")).isEqualTo(OptionalLong.of(0));
    assertThat(PathIds.parse("-3")).isEqualTo(OptionalLong.of(-3));
    assertThat(PathIds.parse("9223372036854775807")).isEqualTo(OptionalLong.of(Long.MAX_VALUE));
    assertThat(PathIds.parse("-9223372036854775808")).isEqualTo(OptionalLong.of(Long.MIN_VALUE));
    assertThat(PathIds.parse(null)).isEmpty();
  }

  @Test
  void anIntMustAlsoFitAnInt() {
    assertThat(PathIds.parseInt("2147483647")).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> PathIds.parseInt("2147483648")).hasMessageContaining("too large");
    assertThatThrownBy(() -> PathIds.parseInt("+1")).hasMessageContaining(PathIds.RULE);
  }
}

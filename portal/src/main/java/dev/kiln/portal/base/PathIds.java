package dev.kiln.portal.base;

import java.util.OptionalLong;

/**
 * The one way Kiln reads a number from an address: an id in a path ({@code /api/projects/14},
 * {@code /projects/14}, {@code /hooks/projects/14}) or a number in a query. Only the canonical
 * decimal form counts: ASCII digits, no sign but an optional minus, no spaces, no leading zeros, no
 * {@code 0x}, and within the type's range. Java's own parsers accept {@code +14}, {@code 014},
 * fullwidth {@code １４} and Arabic-Indic {@code ١٤} digits, and Spring's also {@code 0xE} and
 * surrounding spaces, so each of those would otherwise name project 14 as well.
 */
public final class PathIds {

  /** What a refusal says, for messages that name the parameter. */
  public static final String RULE =
      "must be a whole number in plain digits 0-9, without a sign, spaces or leading zeros";

  private PathIds() {}

  /** The number {@code text} spells in canonical form, or empty when it is anything else. */
  public static OptionalLong parse(String text) {
    if (!isCanonical(text)) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text));
    } catch (NumberFormatException tooLarge) {
      return OptionalLong.empty();
    }
  }

  /** The canonical number as a {@code long}; throws when {@code text} is not one. */
  public static long parseLong(String text) {
    return parse(text)
        .orElseThrow(() -> new IllegalArgumentException("'" + clip(text) + "' " + RULE + "."));
  }

  /**
   * The canonical number as an {@code int}; throws when {@code text} is not one or is out of range.
   */
  public static int parseInt(String text) {
    long value = parseLong(text);
    if (value != (int) value) {
      throw new IllegalArgumentException("'" + clip(text) + "' is too large.");
    }
    return (int) value;
  }

  /** {@code -?(0|[1-9][0-9]*)} in ASCII; the range is checked when parsing. */
  static boolean isCanonical(String text) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    int start = text.charAt(0) == '-' ? 1 : 0;
    if (start == text.length() || text.length() - start > 19) {
      return false;
    }
    if (text.charAt(start) == '0' && text.length() - start > 1) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return !text.equals("-0");
  }

  private static String clip(String text) {
    return text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}

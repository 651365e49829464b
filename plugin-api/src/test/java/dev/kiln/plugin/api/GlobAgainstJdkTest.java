package dev.kiln.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Glob} refuses exactly the patterns the JDK's glob matcher refuses and matches exactly the
 * names it matches: many patterns and names generated from a fixed seed, rich in the characters
 * that mean something in globs, in regular expressions and in classes, plus line breaks and
 * characters outside the BMP. Names stay short, so that the JDK's backtracking answers quickly.
 */
class GlobAgainstJdkTest {

  private static final long SEED = 20_251_207L;
  private static final int PATTERNS = 12_000;
  private static final int NAMES_PER_PATTERN = 40;

  /**
   * Characters for names and literals: metacharacters of every kind, /, line breaks, a surrogate
   * pair.
   */
  private static final String[] CHARACTERS = {
    "a",
    "b",
    "c",
    "/",
    ".",
    "-",
    "!",
    "^",
    "&",
    ",",
    "}",
    "{",
    "]",
    "[",
    "\\",
    "*",
    "?",
    "$",
    "(",
    "|",
    "+",
    "é",
    "\n",
    "\r",
    "\u2028",
    "\ud83d\ude00",
    "\ud83d",
    "\u0000",
    " "
  };

  @Test
  void acceptsWhatTheJdkAcceptsAndMatchesWhatItMatches() {
    Random random = new Random(SEED);
    int valid = 0;
    long comparisons = 0;
    long matched = 0;
    for (int n = 0; n < PATTERNS; n++) {
      String pattern = pattern(random);
      PathMatcher jdk;
      try {
        jdk = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      } catch (PatternSyntaxException e) {
        assertRefused(pattern);
        continue;
      }
      Glob glob = compiled(pattern);
      valid++;
      for (String name : names(random, pattern)) {
        if (pattern.contains("**") && LINE_BREAK.matcher(name).find()) {
          continue; // the one difference on purpose: see lineBreaksDifferOnPurpose
        }
        boolean expected = jdk.matches(Path.of(name));
        if (glob.matches(name) != expected) {
          fail(
              "pattern " + show(pattern) + " on name " + show(name) + ": the JDK says " + expected);
        }
        comparisons++;
        matched += expected ? 1 : 0;
      }
    }
    // Not vacuous: most patterns compile and a good share of the names match.
    assertThat(valid).isGreaterThan(PATTERNS / 2);
    assertThat(matched).isGreaterThan(comparisons / 10);
  }

  /**
   * The JDK's {@code **} stopped at a line break in a name; Kiln's does not, so no file escapes it.
   */
  @Test
  void lineBreaksDifferOnPurpose() {
    for (String name :
        List.of("dist/a\nb.txt", "dist/x\r\n[kiln] forged", "dist/a\u2028b", "dist/d\u0085/e")) {
      assertThat(FileSystems.getDefault().getPathMatcher("glob:dist/**").matches(Path.of(name)))
          .as(show(name))
          .isFalse();
      assertThat(compiled("dist/**").matches(name)).as(show(name)).isTrue();
      assertThat(compiled("**").matches(name)).as(show(name)).isTrue();
    }
    assertThat(compiled("dist/**.txt").matches("dist/a\nb.txt")).isTrue();
  }

  private static final Pattern LINE_BREAK = Pattern.compile("[\n\r\u0085\u2028\u2029]");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "[!]",
        "[]a]",
        "[a-c-e]",
        "[^-a]",
        "[c-a]",
        "[\ud83d\ude00-\ud83d\ude02]",
        "[+-\\]",
        "[A-[]",
        "{a,{b}}",
        "{a",
        "\\",
        "a/[/]",
        "[a-",
        "[a-\u0000]"
      })
  void refusesWhatTheJdkRefuses(String pattern) {
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      fail("the JDK accepts " + show(pattern));
    } catch (PatternSyntaxException expected) {
      assertRefused(pattern);
    }
  }

  @Test
  void quirksOfTheJdkAreKept() {
    assertThat(compiled("[^]").matches("^")).as("[^] is the class of ^").isTrue();
    assertThat(compiled("[!-a]").matches("-")).as("a leading - is literal").isFalse();
    assertThat(compiled("x[a-]").matches("x-")).as("a trailing - is literal").isTrue();
    assertThat(compiled("[a-\ud83d\ude00]").matches("\ud83d\ude00"))
        .as("ranges are by code point")
        .isTrue();
    assertThat(compiled("?").matches("\ud83d\ude00")).as("? is one code point").isTrue();
    assertThat(compiled("*").matches("a\nb")).as("* matches a line break").isTrue();
    assertThat(compiled("{}").matches("")).isTrue();
    assertThat(compiled("a}").matches("a}")).as("} outside a group is literal").isTrue();
  }

  private static void assertRefused(String pattern) {
    try {
      Glob.compile(pattern);
      fail("Glob accepts " + show(pattern) + ", which the JDK refuses");
    } catch (PatternSyntaxException expected) {
      assertThat(expected.getDescription()).isNotBlank();
    }
  }

  private static Glob compiled(String pattern) {
    try {
      return Glob.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new AssertionError(
          "Glob refuses " + show(pattern) + ", which the JDK accepts: " + e.getDescription(), e);
    }
  }

  /** A pattern built from glob pieces, sometimes broken ones. */
  private static String pattern(Random random) {
    StringBuilder pattern = new StringBuilder();
    int pieces = random.nextInt(7);
    for (int k = 0; k < pieces; k++) {
      pattern.append(piece(random, true));
    }
    return pattern.toString();
  }

  private static String piece(Random random, boolean groups) {
    return switch (random.nextInt(groups ? 12 : 11)) {
      case 0, 1, 2 -> character(random);
      case 3 -> "*";
      case 4 -> "**";
      case 5 -> "?";
      case 6 -> "/";
      case 7 -> "\\" + character(random);
      case 8, 9 -> charClass(random);
      case 10 -> "**/";
      default -> group(random);
    };
  }

  private static String charClass(Random random) {
    StringBuilder cls = new StringBuilder("[");
    cls.append(
        switch (random.nextInt(5)) {
          case 0 -> "!";
          case 1 -> "^";
          case 2 -> "-";
          default -> "";
        });
    int members = random.nextInt(4);
    for (int k = 0; k < members; k++) {
      cls.append(character(random));
      if (random.nextInt(3) == 0) {
        cls.append('-').append(character(random));
      }
    }
    return random.nextInt(12) == 0 ? cls.toString() : cls.append(']').toString();
  }

  private static String group(Random random) {
    StringBuilder group = new StringBuilder("{");
    int alternatives = random.nextInt(4);
    for (int k = 0; k < alternatives; k++) {
      if (k > 0) {
        group.append(',');
      }
      int pieces = random.nextInt(3);
      for (int p = 0; p < pieces; p++) {
        group.append(piece(random, random.nextInt(20) == 0));
      }
    }
    return random.nextInt(12) == 0 ? group.toString() : group.append('}').toString();
  }

  private static String character(Random random) {
    return CHARACTERS[random.nextInt(CHARACTERS.length)];
  }

  /**
   * Names for a pattern: random ones, and ones made from the pattern itself (wildcards replaced by
   * random text), so that many of them match. Each is normalized as {@link Path} would, since the
   * JDK matches {@code Path.toString()}; names {@link Path} refuses are left out.
   */
  private static List<String> names(Random random, String pattern) {
    List<String> names = new ArrayList<>();
    while (names.size() < NAMES_PER_PATTERN) {
      String raw = random.nextBoolean() ? randomName(random) : fromPattern(random, pattern);
      try {
        names.add(Path.of(raw).toString());
      } catch (RuntimeException e) {
        // A NUL character: no path can hold it.
      }
    }
    return names;
  }

  private static String randomName(Random random) {
    StringBuilder name = new StringBuilder();
    int length = random.nextInt(9);
    for (int k = 0; k < length; k++) {
      name.append(character(random));
    }
    return name.toString();
  }

  private static String fromPattern(Random random, String pattern) {
    StringBuilder name = new StringBuilder();
    for (int k = 0; k < pattern.length(); k++) {
      char c = pattern.charAt(k);
      switch (c) {
        case '*', '?' ->
            name.append(random.nextInt(3) == 0 ? "" : randomName(random).replace("/", ""));
        case '[', ']', '{', '}', ',', '!' -> {
          if (random.nextBoolean()) {
            name.append(character(random));
          }
        }
        case '\\' -> {}
        default -> name.append(c);
      }
    }
    return name.toString();
  }

  private static String show(String text) {
    StringBuilder shown = new StringBuilder("\"");
    text.codePoints()
        .forEach(
            cp ->
                shown.append(
                    cp < 32 || cp > 126 ? String.format("\\u{%x}", cp) : Character.toString(cp)));
    return shown.append('"').toString();
  }
}

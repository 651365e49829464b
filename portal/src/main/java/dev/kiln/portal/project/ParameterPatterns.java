package dev.kiln.portal.project;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The patterns a project's parameters may declare. Values come from strangers (a webhook sender),
 * so they are matched with RE2/J, in time linear in the value: a pattern such as {@code (a+)+$}
 * cannot backtrack. RE2 compiles counted repetitions by copying ({@code (a{1000}){1000}} is a
 * million steps, enough to run the JVM out of memory), so a pattern is also refused when its
 * repetitions would make it larger than {@link #MAX_SIZE} steps.
 */
final class ParameterPatterns {

  static final int MAX_LENGTH = 200;

  /**
   * The most steps a pattern may expand to (RE2 matches in time proportional to this times the
   * value).
   */
  static final int MAX_SIZE = 1000;

  private ParameterPatterns() {}

  /** Why {@code pattern} cannot be used; empty when it can. */
  static Optional<String> problem(String pattern) {
    if (pattern.length() > MAX_LENGTH) {
      return Optional.of("Use at most " + MAX_LENGTH + " characters for the pattern.");
    }
    long size = size(pattern);
    if (size > MAX_SIZE) {
      return Optional.of(
          "The pattern's counted repetitions ({n}) make it about "
              + size
              + " steps long; keep it"
              + " under "
              + MAX_SIZE
              + " (for example [0-9]{1,3} rather than ([0-9]{1,3}){1,100}).");
    }
    try {
      Pattern.compile(pattern);
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of(
          "Not a pattern Kiln can use (RE2 syntax, no back-references or look-around): "
              + e.getDescription()
              + ".");
    }
  }

  /**
   * Whether the whole of {@code value} matches; call only for patterns without a {@link #problem}.
   */
  static boolean matches(String pattern, String value) {
    return Pattern.compile(pattern).matcher(value).matches();
  }

  /**
   * How many steps RE2 makes of the pattern, about: each atom is one, a group the sum of its parts,
   * and a counted repetition copies what it repeats. Conservative: alternatives add up.
   */
  static long size(String pattern) {
    Deque<Long> outer = new ArrayDeque<>();
    long current = 0;
    long last = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '\\' -> {
          i = skipEscape(pattern, i);
          last = 1;
          current += 1;
        }
        case '[' -> {
          i = skipClass(pattern, i);
          last = 1;
          current += 1;
        }
        case '(' -> {
          outer.push(current);
          current = 0;
        }
        case ')' -> {
          last = current;
          current = (outer.isEmpty() ? 0 : outer.pop()) + last;
        }
        case '{' -> {
          int close = pattern.indexOf('}', i);
          String inside = close < 0 ? "" : pattern.substring(i + 1, close);
          if (inside.matches("\\d{1,9}(,\\d{0,9})?")) {
            String[] bounds = inside.split(",", -1);
            long max =
                Long.parseLong(bounds.length > 1 && !bounds[1].isEmpty() ? bounds[1] : bounds[0]);
            current += last * (Math.max(max, 1) - 1);
            last = last * Math.max(max, 1);
            i = close;
          } else {
            current += 1;
            last = 1;
          }
        }
        case '*', '+', '?', '|', '^', '$' -> {}
        default -> {
          current += 1;
          last = 1;
        }
      }
      if (current > Integer.MAX_VALUE || last > Integer.MAX_VALUE) {
        return Long.MAX_VALUE; // far beyond any limit; stop multiplying before it overflows
      }
    }
    while (!outer.isEmpty()) {
      current += outer.pop();
    }
    return current;
  }

  /**
   * The index of an escape's last character: {@code \p{Greek}} and {@code \x{41}} end at their
   * brace.
   */
  private static int skipEscape(String pattern, int i) {
    if (i + 2 < pattern.length()
        && "pPx".indexOf(pattern.charAt(i + 1)) >= 0
        && pattern.charAt(i + 2) == '{') {
      int close = pattern.indexOf('}', i);
      return close < 0 ? pattern.length() - 1 : close;
    }
    return Math.min(i + 1, pattern.length() - 1);
  }

  /** The index of a character class's closing bracket (a leading ] or ^] is a member). */
  private static int skipClass(String pattern, int i) {
    int j = i + 1;
    if (j < pattern.length() && pattern.charAt(j) == '^') {
      j++;
    }
    if (j < pattern.length() && pattern.charAt(j) == ']') {
      j++;
    }
    for (; j < pattern.length(); j++) {
      char c = pattern.charAt(j);
      if (c == '\\') {
        j = skipEscape(pattern, j);
      } else if (c == '[' && j + 1 < pattern.length() && pattern.charAt(j + 1) == ':') {
        int close = pattern.indexOf(":]", j);
        j = close < 0 ? j : close + 1;
      } else if (c == ']') {
        return j;
      }
    }
    return pattern.length() - 1;
  }
}

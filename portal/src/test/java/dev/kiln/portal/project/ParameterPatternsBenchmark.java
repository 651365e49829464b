package dev.kiln.portal.project;

import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * How long checking one 4096-character value takes with the slowest patterns a maintainer may
 * declare (RE2/J, linear time), against java.util.regex on a catastrophic one with a value of 22
 * characters. Prints the medians; asserts nothing. Run with {@code ./mvnw -Pbenchmark verify -pl
 * portal -Dit.test=ParameterPatternsBenchmark}.
 */
class ParameterPatternsBenchmark {

  private static final int ROUNDS = 50;

  @Test
  void worstAcceptedPatternsAgainstTheLongestValue() {
    String value = "a".repeat(ParameterDeclarations.MAX_VALUE_LENGTH - 1) + "!";
    for (String pattern :
        List.of(
            "(a+)+$",
            "(?:a|b|c|d|e|f|g|h){0,100}",
            "((a|aa){0,10}){0,10}x",
            "[a-z0-9]{0,999}x",
            "(.*a){20}")) {
      if (ParameterPatterns.problem(pattern).isPresent()) {
        throw new AssertionError(
            pattern + " is refused: " + ParameterPatterns.problem(pattern).get());
      }
      System.out.printf(
          "RE2/J %-32s size %4d: median %7.2f ms for %d characters%n",
          pattern,
          ParameterPatterns.size(pattern),
          median(ROUNDS, () -> ParameterPatterns.matches(pattern, value)),
          value.length());
    }
    // java.util.regex memoizes (a+)+$ by now, but not this one: each character doubles the time.
    String shortValue = "a".repeat(21) + "!";
    var backtracking = Pattern.compile("(.*a){20}");
    System.out.printf(
        "java.util.regex (.*a){20}: median %7.2f ms for %d characters%n",
        median(3, () -> backtracking.matcher(shortValue).matches()), shortValue.length());
  }

  private static double median(int rounds, BooleanSupplier match) {
    double[] millis = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      match.getAsBoolean();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return millis[rounds / 2];
  }
}

package dev.kiln.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Artifact patterns: Kiln's rules on top of the glob, the limits, and patterns that backtrack in
 * the JDK.
 */
class ArtifactMatcherTest {

  /** Only a guard against a hang; the bound that matters is the count of visited states. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(60);

  @Test
  void doubleStarSlashAlsoMatchesAtTheTop() {
    ArtifactMatcher matcher = ArtifactMatcher.of(List.of("**/*.jar", "dist/*.whl"));

    assertThat(matcher.matches("app.jar")).isTrue();
    assertThat(matcher.matches("a/b/app.jar")).isTrue();
    assertThat(matcher.matches("dist/x.whl")).isTrue();
    assertThat(matcher.matches("dist/sub/x.whl")).as("* stays within a name").isFalse();
    assertThat(matcher.matches("x.whl")).isFalse();
    assertThat(ArtifactMatcher.of(List.of()).isEmpty()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "**a**a**a**a**a**a**b | aaaaaab",
        "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b | aaaaaaaaaaaaaab",
        "{a,aa,aaa}*{a,aa,aaa}*{a,aa}*b | aaab",
        "**/**/**/**/**/**/**/**/x | a/a/a/a/a/a/a/a/x",
        "[a-z]*[a-z]*[a-z]*[!b]*[a]*?*?*?*b | aaaaaaaab"
      })
  void patternsThatBacktrackInTheJdkVisitEachStateAtMostOncePerCharacter(
      String pattern, String matching) {
    Glob glob = Glob.compile(pattern);

    for (String path : List.of("a".repeat(120), "a/".repeat(50_000) + "a")) {
      long[] visits = new long[1];
      boolean matched = assertTimeoutPreemptively(HANG_GUARD, () -> glob.run(path, visits));

      assertThat(matched).isFalse();
      assertThat(visits[0])
          .as("states visited for %s characters", path.length())
          .isLessThanOrEqualTo((long) glob.states() * (path.length() + 1));
    }
    assertThat(glob.matches(matching)).as("and it still matches what it should").isTrue();
  }

  @Test
  void theIssuesPatternOnAMillionNamesFinishes() {
    ArtifactMatcher matcher = ArtifactMatcher.of(List.of("**a**a**a**a**a**a**b"));
    String name = "a".repeat(120);

    int matched =
        assertTimeoutPreemptively(
            HANG_GUARD,
            () -> {
              int count = 0;
              for (int n = 0; n < 1_000_000; n++) {
                count += matcher.matches(name) ? 1 : 0;
              }
              return count;
            });

    assertThat(matched).isZero();
  }

  @Test
  void aPatternOverTheLengthLimitIsRefusedNamingTheLimit() {
    String pattern = "dist/" + "x".repeat(ArtifactMatcher.MAX_PATTERN_LENGTH - 5);
    assertThat(ArtifactMatcher.problem(pattern)).isEmpty();

    assertThat(ArtifactMatcher.problem(pattern + "x"))
        .hasValueSatisfying(
            message -> assertThat(message).contains("257 characters").contains("at most 256"));
  }

  @Test
  void tooManyWildcardsAreRefusedNamingTheLimit() {
    assertThat(ArtifactMatcher.problem("*a".repeat(16))).isEmpty();

    assertThat(ArtifactMatcher.problem("**a**a**a**a**a**a**b?[ab]*a*a*a*a*a*a*a*a"))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .startsWith("'**a**a**a**a")
                    .contains("17 wildcards")
                    .contains("at most 16"));
  }

  @Test
  void tooManyAlternativesAreRefusedNamingTheLimit() {
    assertThat(ArtifactMatcher.problem("*.{a,b,c,d,e,f,g,h}.{a,b,c,d,e,f,g,h}")).isEmpty();

    assertThat(ArtifactMatcher.problem("*.{a,b,c,d,e,f,g,h,i}.{a,b,c,d,e,f,g,h}"))
        .hasValueSatisfying(
            message -> assertThat(message).contains("17 alternatives").contains("at most 16"));
  }

  @Test
  void tooManyPatternsAreRefused() {
    List<String> patterns = Collections.nCopies(ArtifactMatcher.MAX_PATTERNS + 1, "*.txt");

    assertThat(ArtifactMatcher.problem(patterns))
        .hasValue("51 artifact patterns are too many; a project may" + " have at most 50.");
    assertThatThrownBy(() -> ArtifactMatcher.of(patterns))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 50");
    assertThat(ArtifactMatcher.problem(patterns.subList(0, 50))).isEmpty();
  }

  @Test
  void anInvalidGlobIsRefusedSayingWhereAndWhy() {
    assertThat(ArtifactMatcher.problem("dist/[abc"))
        .hasValue("'dist/[abc' is not a valid glob: a [ has no" + " matching ] (at character 9).");
    assertThatThrownBy(() -> ArtifactMatcher.of(List.of("ok/*", "{a,{b}}")))
        .hasMessage(
            "'{a,{b}}' is not a valid glob: {...} groups cannot be nested (at character 4).");
  }
}

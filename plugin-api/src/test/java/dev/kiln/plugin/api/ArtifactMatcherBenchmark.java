package dev.kiln.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What matching costs with {@link ArtifactMatcher} and with the JDK's glob matcher it replaces, in
 * the same run: typical patterns over a workspace's worth of typical paths, and the issue's
 * backtracking pattern over names of growing length. Prints the figures; asserts only that both
 * agree on the typical paths. Run with {@code ./mvnw -Pbenchmark -pl plugin-api verify}.
 */
class ArtifactMatcherBenchmark {

  private static final List<String> PATTERNS =
      List.of(
          "dist/*.whl", "**/*.jar", "build/reports/**/*.xml", "*.{tar.gz,zip}", "target/site/**");
  private static final int ROUNDS = 7;

  /** Keeps the JIT from dropping the matching whose result nothing else reads. */
  private static long sink;

  @Test
  void typicalPatternsOverTypicalPaths() {
    List<String> paths = paths(200_000);
    ArtifactMatcher ours = ArtifactMatcher.of(PATTERNS);
    List<PathMatcher> jdk = new ArrayList<>();
    for (String pattern : PATTERNS) {
      jdk.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
      if (pattern.startsWith("**/")) {
        jdk.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
      }
    }
    Predicate<String> theJdks = path -> jdk.stream().anyMatch(m -> m.matches(Path.of(path)));

    assertThat(paths.stream().filter(ours::matches).count())
        .isEqualTo(paths.stream().filter(theJdks).count());
    double oursNanos = nanosPerPath(paths, ours::matches);
    double jdkNanos = nanosPerPath(paths, theJdks);
    System.out.printf(
        "typical: %d paths, %d patterns: ArtifactMatcher %.0f ns/path, JDK PathMatcher %.0f ns/path%n",
        paths.size(), PATTERNS.size(), oursNanos, jdkNanos);
  }

  @Test
  void theIssuesPatternOverLongerAndLongerNames() {
    String pattern = "**a**a**a**a**a**a**b";
    ArtifactMatcher ours = ArtifactMatcher.of(List.of(pattern));
    PathMatcher jdk = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    for (int length : new int[] {20, 30, 40, 50, 120, 4096}) {
      Path name = Path.of("a".repeat(length));
      double oursMillis = millis(() -> ours.matches(name.toString()));
      String jdkMillis =
          length <= 50
              ? String.format("%.1f ms", millis(() -> jdk.matches(name)))
              : "not run (its time grows with the 7th power of the length)";
      System.out.printf(
          "%s on %d characters: ArtifactMatcher %.3f ms, JDK PathMatcher %s%n",
          pattern, length, oursMillis, jdkMillis);
    }
  }

  private static double nanosPerPath(List<String> paths, Predicate<String> matcher) {
    double[] rounds = new double[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      long start = System.nanoTime();
      sink += paths.stream().filter(matcher).count();
      rounds[round] = (System.nanoTime() - start) / (double) paths.size();
    }
    Arrays.sort(rounds);
    return rounds[ROUNDS / 2];
  }

  private static double millis(BooleanSupplier match) {
    double[] rounds = new double[3];
    for (int round = 0; round < rounds.length; round++) {
      long start = System.nanoTime();
      sink += match.getAsBoolean() ? 1 : 0;
      rounds[round] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(rounds);
    return rounds[1];
  }

  /** Paths as a Java, Python and web project's workspace holds them. */
  private static List<String> paths(int count) {
    List<String> paths = new ArrayList<>();
    String[] shapes = {
      "src/main/java/dev/kiln/feature%d/Thing%d.java",
      "node_modules/pkg%d/lib/index%d.js",
      "build/reports/tests/test/TEST-dev.kiln.Case%d%d.xml",
      "dist/kiln-%d.%d-py3-none-any.whl",
      "target/classes/dev/kiln/Thing%d$%d.class",
      "libs/dep-%d.%d.jar",
      "release-%d.%d.tar.gz"
    };
    for (int i = 0; paths.size() < count; i++) {
      paths.add(String.format(shapes[i % shapes.length], i % 97, i));
    }
    return paths;
  }
}

package dev.kiln.builder.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sandbox adds to a trivial build: the whole {@code run} of {@code true} and of {@code
 * echo hi} with the sandbox on and off, and, as the floor, bash alone run by {@link ProcessBuilder}
 * with its output read, alternating so all three see the same machine load. Run with {@code ./mvnw
 * -Pbenchmark -pl plugin-api,plugins/local-builder verify}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SandboxOverheadBenchmark {

  private static final int WARM_UP = 5;
  private static final int ROUNDS = 50;

  @TempDir Path folder;

  private int builds;

  @Test
  void sandboxOverheadOnATrivialBuild() throws Exception {
    LocalBuilder sandboxed = new LocalBuilder();
    LocalBuilder unsandboxed = Builds.unsandboxed();
    for (String script : List.of("true", "echo hi")) {
      List<Long> bare = new ArrayList<>();
      List<Long> off = new ArrayList<>();
      List<Long> on = new ArrayList<>();
      for (int i = 0; i < WARM_UP + ROUNDS; i++) {
        long bareNanos = bareBash(script);
        long offNanos = timed(unsandboxed, script);
        long onNanos = timed(sandboxed, script);
        if (i >= WARM_UP) {
          bare.add(bareNanos);
          off.add(offNanos);
          on.add(onNanos);
        }
      }
      double bareMedian = percentile(bare, 50);
      double offMedian = percentile(off, 50);
      double onMedian = percentile(on, 50);
      System.out.printf(
          Locale.ROOT, "%nLocal shell sandbox overhead, %d builds of `%s`:%n", ROUNDS, script);
      System.out.printf(
          Locale.ROOT,
          "  bare bash             median %7.1f ms  p90 %7.1f ms%n",
          bareMedian,
          percentile(bare, 90));
      System.out.printf(
          Locale.ROOT,
          "  builder, sandbox off  median %7.1f ms  p90 %7.1f ms%n",
          offMedian,
          percentile(off, 90));
      System.out.printf(
          Locale.ROOT,
          "  builder, sandboxed    median %7.1f ms  p90 %7.1f ms%n",
          onMedian,
          percentile(on, 90));
      System.out.printf(
          Locale.ROOT,
          "  sandboxed vs bare bash    %+7.1f ms  ratio %.2f%n",
          onMedian - bareMedian,
          onMedian / bareMedian);
      System.out.printf(
          Locale.ROOT,
          "  sandboxed vs sandbox off  %+7.1f ms  ratio %.2f%n%n",
          onMedian - offMedian,
          onMedian / offMedian);
    }
  }

  /** bash with nothing around it: the least any local run costs. */
  private static long bareBash(String script) throws Exception {
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
            .redirectErrorStream(true)
            .start();
    process.getInputStream().readAllBytes();
    int exit = process.waitFor();
    long nanos = System.nanoTime() - start;
    assertThat(exit).isZero();
    return nanos;
  }

  /** One whole build, from {@code run} to its return, in a fresh work folder. */
  private long timed(LocalBuilder builder, String script) throws Exception {
    Path work = Files.createDirectory(folder.resolve("work-" + builds++));
    TestBuildContext context = new TestBuildContext(work);
    long start = System.nanoTime();
    int exit = builder.run(Builds.request(script), context).exitCode();
    long nanos = System.nanoTime() - start;
    assertThat(exit).isZero();
    return nanos;
  }

  private static double percentile(List<Long> nanos, int percent) {
    List<Long> sorted = nanos.stream().sorted().toList();
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }
}

package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long removing a build's folder takes, and in how much memory, against GNU {@code rm -rf} on
 * the same tree made the same way: a million empty files in one folder, and a chain of folders
 * 20,000 deep. Kiln's removal runs in a JVM of its own with a heap of 16 MiB; the time includes
 * that JVM's start (about 0.1 s).
 *
 * <p>Run with {@code ./mvnw -Pbenchmark verify -pl portal -am -Dit.test=TreeRemoverBenchmark}; it
 * is not part of the test suite.
 */
class TreeRemoverBenchmark {

  static final String MILLION = "mkdir many && cd many && seq -f 'f%.0f' 1 1000000 | xargs touch";
  static final String DEEP = "mkdir -p \"$(printf 'a/%.0s' $(seq 1 20000))\"";

  @TempDir Path tmp;

  @Test
  void removalKeepsUpWithRmInLittleMemory() throws Exception {
    List<String> report = new ArrayList<>();
    for (String[] tree :
        new String[][] {
          {"1,000,000 files in one folder", MILLION}, {"20,000 folders deep", DEEP}
        }) {
      Path kiln = tmp.resolve("kiln");
      Trees.bash(kiln, tree[1]);
      long start = System.nanoTime();
      var removal = Trees.removeInOwnJvm(kiln, tmp, "16m", false);
      long kilnMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(removal.exitCode()).as(removal.output()).isZero();

      Path rm = tmp.resolve("rm");
      Trees.bash(rm, tree[1]);
      start = System.nanoTime();
      Trees.bash(tmp, "rm -rf rm");
      long rmMillis = (System.nanoTime() - start) / 1_000_000;
      report.add(
          "%-30s | %8d ms | %8d ms | %s"
              .formatted(tree[0], kilnMillis, rmMillis, removal.output().strip()));
    }
    System.out.println("\nRemoving a work folder (Kiln: own JVM, -Xmx16m, start included)");
    System.out.println("tree                           |     Kiln    |   rm -rf   | Kiln's output");
    report.forEach(System.out::println);
  }
}

package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How fast a build's log text is masked: 64 MiB of log lines with three secrets (one a PEM-like
 * multi-line value), once streamed through {@link SecretMasker#push} and once line by line through
 * {@link SecretMasker#maskWhole}, as notices and artifact names are (for at most 30 s).
 *
 * <p>Run with {@code ./mvnw -Pbenchmark verify -pl portal -am -Dit.test=SecretMaskerBenchmark}; it
 * is not part of the test suite.
 */
class SecretMaskerBenchmark {

  private static final int MIB = 1024 * 1024;

  @Test
  void masksLogTextAtAUsefulRate() {
    Random random = new Random(7);
    StringBuilder key = new StringBuilder("-----BEGIN PRIVATE KEY-----\n");
    for (int line = 0; line < 26; line++) {
      for (int i = 0; i < 64; i++) {
        key.append((char) ('A' + random.nextInt(26)));
      }
      key.append('\n');
    }
    var masker =
        SecretMasker.of(
            List.of(
                "s3cr3t-T0ken-0123",
                "hunter2-hunter2",
                key.append("-----END PRIVATE KEY-----").toString()));
    String[] lines = new String[1024];
    for (int i = 0; i < lines.length; i++) {
      StringBuilder line = new StringBuilder("[INFO] compiling module ").append(i).append(' ');
      while (line.length() < 120) {
        line.append((char) ('a' + random.nextInt(26)));
      }
      lines[i] =
          (i % 97 == 0 ? line.append(" token s3cr3t-T0ken-0123") : line).append('\n').toString();
    }
    long total = 0;
    long start = System.nanoTime();
    for (int i = 0; total < 64L * MIB; i++) {
      String out = masker.push(lines[i % lines.length]);
      total += out.length();
    }
    total += masker.release().length();
    double streamed = rate(total, start);
    total = 0;
    start = System.nanoTime();
    // Bounded in time too: before the automaton was shared, each call built it anew.
    long deadline = start + 30_000_000_000L;
    for (int i = 0; total < 64L * MIB && System.nanoTime() < deadline; i++) {
      total += masker.maskWhole(lines[i % lines.length]).length();
    }
    double whole = rate(total, start);
    System.out.printf(
        "%nMasking 64 MiB of 120-character log lines, 3 secrets: push %.1f MB/s, maskWhole per line %.1f MB/s%n",
        streamed, whole);
    assertThat(total).isPositive();
  }

  private static double rate(long chars, long startNanos) {
    return chars / 1e6 / ((System.nanoTime() - startNanos) / 1e9);
  }
}

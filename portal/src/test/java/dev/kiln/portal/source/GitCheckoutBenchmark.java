package dev.kiln.portal.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.git.GitHttpServer;
import dev.kiln.portal.git.TestRepo;
import dev.kiln.portal.git.TestRepos;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Checking out a 500 MB, 50,000-file repository served over smart HTTP (the test lighttpd, a
 * token): the first build on a node (empty mirror) and the second build after one new commit,
 * through {@link GitMirrors}, against a plain {@code git clone} of the same commit in the same run,
 * which is what a script that clones its own sources does on every build. The files are random
 * bytes (10 KiB each), so nothing compresses: the worst case for transfer.
 *
 * <p>Run with {@code ./mvnw -Pbenchmark verify -pl portal -am -Dit.test=GitCheckoutBenchmark
 * -Dfailsafe.failIfNoSpecifiedTests=false}; it is not part of the test suite.
 */
class GitCheckoutBenchmark {

  static final int FILES = 50_000;
  static final int FILE_BYTES = 10 * 1024;
  static final String TOKEN = "kiln-bench-token";

  @Test
  void checkoutThroughTheMirrorAgainstAPlainClone() throws Exception {
    try (TestRepos repos = TestRepos.create();
        GitHttpServer http = GitHttpServer.start(repos, TOKEN)) {
      TestRepo big = repos.create("big");
      long start = System.nanoTime();
      fastImport(big.path, commit(1, FILES, null));
      String made = seconds(System.nanoTime() - start);
      GitSource source =
          new GitSource(http.url(big), "main", new GitCredential.Token(TOKEN), false);
      GitMirrors node =
          new GitMirrors(
              new SourceProperties(
                  repos.scratch("mirrors"),
                  DataSize.ofGigabytes(2),
                  false,
                  List.of("127.0.0.1"),
                  List.of(),
                  null));

      long kilnFirst = kilnBuild(node, source, repos.scratch("kiln-1"));
      long cloneFirst = plainClone(repos, http, big, "clone-1");
      fastImport(big.path, commit(2, 100, "refs/heads/main^0"));
      long kilnSecond = kilnBuild(node, source, repos.scratch("kiln-2"));
      long cloneSecond = plainClone(repos, http, big, "clone-2");

      System.out.printf(
          Locale.ROOT,
          "%nCheckout of %,d files, %d MiB (made in %s), over smart HTTP%n"
              + "build                     | Kiln (mirror) | git clone | Kiln / clone%n"
              + "first build on a node     | %13s | %9s | %.2f%n"
              + "second build (new commit) | %13s | %9s | %.2f%n",
          FILES,
          (long) FILES * FILE_BYTES >> 20,
          made,
          seconds(kilnFirst),
          seconds(cloneFirst),
          kilnFirst / (double) cloneFirst,
          seconds(kilnSecond),
          seconds(cloneSecond),
          kilnSecond / (double) cloneSecond);
    }
  }

  private static long kilnBuild(GitMirrors node, GitSource source, Path scratch) throws Exception {
    Path workspace = Files.createDirectories(scratch.resolve("w"));
    long start = System.nanoTime();
    ResolvedCommit commit = node.resolve(source, null);
    node.checkout(source, commit, workspace, System.out::println, () -> false);
    long took = System.nanoTime() - start;
    assertThat(workspace.resolve("d000/f00000.bin")).isRegularFile();
    return took;
  }

  private static long plainClone(TestRepos repos, GitHttpServer http, TestRepo big, String name)
      throws Exception {
    Path dir = repos.scratch(name);
    long start = System.nanoTime();
    repos.git.ok(dir, GitHttpServer.clientEnv(TOKEN), "clone", "-q", http.url(big), "w");
    long took = System.nanoTime() - start;
    assertThat(dir.resolve("w/d000/f00000.bin")).isRegularFile();
    return took;
  }

  /**
   * A fast-import stream of one commit writing {@code files} random files on top of {@code from}.
   */
  private static StreamWriter commit(int number, int files, String from) {
    return out -> {
      Random random = new Random(number);
      byte[] data = new byte[FILE_BYTES];
      String message = "Commit " + number;
      out.write(
          ("commit refs/heads/main\ncommitter Bench <bench@kiln.invalid> "
                  + (1_700_000_000 + number)
                  + " +0000\ndata "
                  + message.length()
                  + "\n"
                  + message
                  + "\n"
                  + (from == null ? "" : "from " + from + "\n"))
              .getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < files; i++) {
        random.nextBytes(data);
        out.write(
            "M 100644 inline d%03d/f%05d.bin\ndata %d\n"
                .formatted(i % 500, i, data.length)
                .getBytes(StandardCharsets.UTF_8));
        out.write(data);
        out.write('\n');
      }
      out.write('\n');
    };
  }

  private interface StreamWriter {
    void write(OutputStream out) throws IOException;
  }

  private static void fastImport(Path repo, StreamWriter stream) throws Exception {
    Process process =
        new ProcessBuilder("git", "fast-import", "--quiet")
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (OutputStream out = new BufferedOutputStream(process.getOutputStream(), 1 << 20)) {
      stream.write(out);
    }
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).isZero();
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }
}

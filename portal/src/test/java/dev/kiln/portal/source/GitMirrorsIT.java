package dev.kiln.portal.source;

import static dev.kiln.portal.source.SourceServers.T0;
import static dev.kiln.portal.source.SourceServers.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resolving and checking out commits through a node's mirror, against the real test servers: git
 * over SSH with a deploy key, smart HTTP with a token, and a local path. No Spring context.
 */
class GitMirrorsIT {

  private static SourceServers servers;
  private static Instant started;

  @BeforeAll
  static void start() throws Exception {
    started = Instant.now().minusSeconds(1);
    servers = new SourceServers();
  }

  @AfterAll
  static void stop() throws IOException {
    servers.close();
  }

  @Test
  void resolvesBranchesTagsRefsAndShasOverEveryTransport() throws Exception {
    int n = 0;
    for (GitSource source : servers.sources(servers.app, false)) {
      GitMirrors mirrors = servers.mirrors("resolve-" + n++);
      ResolvedCommit main = mirrors.resolve(source, null);
      assertThat(main)
          .isEqualTo(
              new ResolvedCommit(
                  "refs/heads/main",
                  servers.second,
                  "Second: links",
                  "Ada Lovelace <ada@example.org>",
                  T0.plusSeconds(60)));
      assertThat(mirrors.resolve(source, "main")).isEqualTo(main);
      assertThat(mirrors.resolve(source, "refs/heads/main")).isEqualTo(main);

      ResolvedCommit light = mirrors.resolve(source, "v1-light");
      assertThat(light.ref()).isEqualTo("refs/tags/v1-light");
      assertThat(light.sha()).isEqualTo(servers.first);
      assertThat(light.isTag()).isTrue();
      assertThat(mirrors.resolve(source, "refs/tags/v2").sha())
          .as("an annotated tag, peeled to its commit")
          .isEqualTo(servers.second);

      ResolvedCommit bySha = mirrors.resolve(source, servers.first.toUpperCase());
      assertThat(bySha.ref()).isNull();
      assertThat(bySha.sha()).isEqualTo(servers.first);
      assertThat(bySha.subject()).isEqualTo("First");
      assertThat(mirrors.resolve(source, servers.first.substring(0, 9)).sha())
          .as("a short SHA of a commit this node fetched")
          .isEqualTo(servers.first);
      assertThat(mirrors.check(source)).isNull();
    }
  }

  @Test
  void checksOutOneCommitWithItsLinks_originWithoutCredentials_andNoCredentialAnywhere()
      throws Exception {
    int n = 0;
    for (GitSource source : servers.sources(servers.app, false)) {
      GitMirrors mirrors = servers.mirrors("checkout-" + n);
      Path workspace = Files.createDirectories(servers.repos.scratch("ws-" + n++).resolve("w"));
      List<String> log = new CopyOnWriteArrayList<>();
      ResolvedCommit commit = mirrors.resolve(source, "main");
      mirrors.checkout(source, commit, workspace, log::add, () -> false);

      assertThat(Files.readString(workspace.resolve("README"))).isEqualTo("two\n");
      assertThat(Files.isSymbolicLink(workspace.resolve("outside"))).isTrue();
      assertThat(Files.readSymbolicLink(workspace.resolve("outside")))
          .hasToString("../../../etc/passwd");
      assertThat(git(workspace, "rev-parse", "HEAD")).isEqualTo(servers.second);
      assertThat(servers.repos.git.run(workspace, Map.of(), "symbolic-ref", "-q", "HEAD").exit())
          .as("HEAD detached")
          .isEqualTo(1);
      assertThat(git(workspace, "rev-list", "--count", "--all")).isEqualTo("1");
      assertThat(git(workspace, "rev-parse", "--is-shallow-repository")).isEqualTo("true");
      assertThat(git(workspace, "config", "remote.origin.url")).isEqualTo(source.repository());
      assertThat(git(workspace, "status", "--porcelain")).as("a clean work tree").isEmpty();
      assertThat(log)
          .anyMatch(l -> l.startsWith("Commit " + servers.second.substring(0, 12) + " is already"))
          .anyMatch(l -> l.startsWith("Checked out commit " + servers.second.substring(0, 12)));

      List<String> secrets = secretsOf(source.credential());
      assertNowhere(secrets, workspace);
      assertNowhere(secrets, servers.mirrorRoot("checkout-" + (n - 1)));
      assertNowhereInTemp(secrets);
      assertThat(String.join("\n", log)).doesNotContain(secrets);
    }
  }

  @Test
  void theSecondBuildFetchesOnlyTheNewCommit_andARetryOnAnotherNodeFetchesItAgain()
      throws Exception {
    TestRepo grow = servers.repos.create("grow");
    grow.commit("main", TestCommit.of("Big", T0).file("big", "x".repeat(200_000)));
    GitSource source = servers.sources(grow, false).get(1);
    GitMirrors node = servers.mirrors("grow");
    List<String> log = new ArrayList<>();
    node.checkout(source, node.resolve(source, null), workspace("grow-1"), log::add, () -> false);
    String next = grow.commit("main", TestCommit.of("Small", T0).file("small", "s\n"));
    ResolvedCommit second = new ResolvedCommit(null, next, "Small", "Kiln Test", T0);
    log.clear();
    node.checkout(source, second, workspace("grow-2"), log::add, () -> false);
    // The new commit, its tree and the new blob: not the big blob again.
    assertThat(log)
        .anyMatch(l -> l.startsWith("Fetched 3 objects") && l.contains(next.substring(0, 12)));

    GitMirrors other = servers.mirrors("grow-other");
    log.clear();
    other.checkout(source, second, workspace("grow-3"), log::add, () -> false);
    assertThat(log)
        .anyMatch(l -> l.startsWith("Fetched 4 objects") && l.contains(next.substring(0, 12)));
  }

  @Test
  void twoBuildsOfOneRepositoryOnOneNodeShareItsMirrorSafely() throws Exception {
    GitSource source = servers.sources(servers.app, false).get(0);
    GitMirrors node = servers.mirrors("parallel");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> builds = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String requested = i % 2 == 0 ? "v1-light" : "main";
        Path workspace = workspace("parallel-" + i);
        builds.add(
            pool.submit(
                () -> {
                  node.checkout(
                      source, node.resolve(source, requested), workspace, l -> {}, () -> false);
                  return Files.readString(workspace.resolve("README"));
                }));
      }
      for (int i = 0; i < builds.size(); i++) {
        assertThat(builds.get(i).get()).isEqualTo(i % 2 == 0 ? "one\n" : "two\n");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(git(mirrorOf(servers.mirrorRoot("parallel")), "fsck", "--no-dangling")).isEmpty();
  }

  static Path mirrorOf(Path root) throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      return entries
          .filter(p -> p.getFileName().toString().matches("[0-9a-f]{40}"))
          .findFirst()
          .orElseThrow();
    }
  }

  static Path workspace(String name) throws IOException {
    return Files.createDirectories(servers.repos.scratch(name).resolve("w"));
  }

  static String git(Path dir, String... args) throws Exception {
    return servers.repos.git.ok(dir, args);
  }

  /** The credential in every form git could write it: as given, and as the basic-auth header. */
  static List<String> secretsOf(GitCredential credential) throws IOException {
    return switch (credential) {
      case GitCredential.Token t ->
          List.of(
              t.token(),
              Base64.getEncoder().encodeToString(("x-access-token:" + t.token()).getBytes()));
      case GitCredential.SshKey k -> List.of(k.privateKeyPem().strip().split("\n")[1]);
      case GitCredential.None none -> List.of(TOKEN);
    };
  }

  static void assertNowhere(List<String> secrets, Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(content).as(file.toString()).doesNotContain(secrets);
      }
    }
  }

  /**
   * No key folder is left in the temporary folder, and no file written there since the class
   * started holds the credential, except the test servers' own folders, which hold it by design.
   */
  static void assertNowhereInTemp(List<String> secrets) throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Files.walkFileTree(
        tmp,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            assertThat(name).doesNotStartWith("kiln-git-key-");
            return name.startsWith("kiln-git-sshd-") || name.startsWith("kiln-git-http-")
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            if (attributes.isRegularFile()
                && attributes.lastModifiedTime().toInstant().isAfter(started)
                && attributes.size() < 20_000_000
                && Files.isReadable(file)) {
              String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
              assertThat(content).as(file.toString()).doesNotContain(secrets);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE; // another user's file
          }
        });
  }
}

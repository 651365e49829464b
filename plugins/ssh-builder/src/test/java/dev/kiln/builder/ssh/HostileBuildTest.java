package dev.kiln.builder.ssh;

import static dev.kiln.plugin.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kiln.builder.ssh.LocalSshd.Host;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build runs as the host's user, so it can write anything in its build folder and the user's
 * home: nothing it writes there may steer what Kiln kills or writes, and nothing Kiln sends it may
 * show in another process's command line. The server logs in an unprivileged user whose home is the
 * server's folder, so the test can plant files there.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileBuildTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static LocalSshd sshd;

  @TempDir Path workDirectory;
  @TempDir Path outside;
  private final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = LocalSshd.start(Host.UNPRIVILEGED);
  }

  @AfterAll
  static void stopSshd() throws Exception {
    sshd.close();
  }

  @AfterEach
  void cleanUp() throws IOException {
    started.forEach(Process::destroyForcibly);
    Files.deleteIfExists(sshd.dir.resolve(".bashrc"));
  }

  /**
   * The build names another process group in the file Kiln once read the group from, as a glob that
   * the cancel command's shell expanded in the home folder, where the build left a file named after
   * the stranger's group.
   */
  @Test
  void aGroupIdTheBuildWritesIsNeverKilled() throws Exception {
    Process stranger = start(new ProcessBuilder("setsid", "sleep", "300"));
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        "echo '[0-9]*' > ../pgid\necho '-1' > ../pgid.txt\ntouch \"$HOME/-"
            + stranger.pid()
            + "\"\n"
            + "echo started\nsleep 300\n";

    Future<BuildResult> run =
        Builds.start(Builds.request(script, List.of(), Map.of(), sshd.settings()), context);
    await(WAIT, () -> context.lines().contains("started"));
    context.cancel();
    BuildResult result = assertTimeoutPreemptively(WAIT, () -> run.get());

    assertThat(result.exitCode()).isNotZero();
    assertThat(sshd.buildFolders()).isEmpty();
    assertThat(stranger.isAlive()).as("a process outside the build survives its cancel").isTrue();
    Files.deleteIfExists(sshd.dir.resolve("-" + stranger.pid()));
  }

  @Test
  void aLinkTheBuildPlantsInItsFolderIsNotWrittenThrough() throws Exception {
    Path victim = Files.writeString(outside.resolve("victim"), "precious\n");
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        "for f in leftovers cancel pgid; do ln -sfn \"$VICTIM\" ../$f; done\n(sleep 300) &\necho started\n";

    BuildResult result =
        Builds.run(
            Builds.request(script, List.of(), Map.of("VICTIM", victim.toString()), sshd.settings()),
            context);

    assertThat(result.exitCode()).isZero();
    assertThat(victim).hasContent("precious");
    assertThat(context.notices())
        .as("the count is init.sh's, told on the channel")
        .contains("Killed 1 leftover process.");
  }

  /**
   * A login script that waits holds the login shell that starts the build while the test reads
   * every process's command line, as any user of the host can with {@code ps}.
   */
  @Test
  void noVariableValueIsInAnyCommandLine() throws Exception {
    String secret = "s3cret-" + UUID.randomUUID();
    Path go = outside.resolve("go");
    Path held = outside.resolve("held");
    // Only the session that starts the build waits, not the probes before it.
    Files.writeString(
        sshd.dir.resolve(".bashrc"),
        "case $BASH_EXECUTION_STRING in *init.sh*) touch '"
            + held
            + "'; until [ -e '"
            + go
            + "' ]; do sleep 0.05; done;; esac\n");
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        "echo started\nuntil [ -e \"$GO\" ]; do sleep 0.05; done\n[ \"$TOKEN\" = '"
            + secret
            + "' ] && echo seen\n";

    Future<BuildResult> run =
        Builds.start(
            Builds.request(
                script,
                List.of(),
                Map.of("TOKEN", secret, "GO", go.toString() + "-script"),
                sshd.settings()),
            context);
    await(WAIT, () -> Files.exists(held));
    List<String> whileLoggingIn = commandLinesWith(secret);
    Files.createFile(go);
    await(WAIT, () -> context.lines().contains("started"));
    List<String> whileRunning = commandLinesWith(secret);
    Files.createFile(outside.resolve("go-script"));
    BuildResult result = assertTimeoutPreemptively(WAIT, () -> run.get());

    assertThat(whileLoggingIn).isEmpty();
    assertThat(whileRunning).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(context.lines()).contains("seen");
  }

  private static List<String> commandLinesWith(String text) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process :
          processes.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
        try {
          String line =
              new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
          if (line.contains(text)) {
            found.add(process.getFileName() + ": " + line.replace('\0', ' '));
          }
        } catch (IOException e) {
          // The process ended meanwhile.
        }
      }
    }
    return found;
  }

  private Process start(ProcessBuilder builder) throws IOException {
    Process process =
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    started.add(process);
    return process;
  }
}

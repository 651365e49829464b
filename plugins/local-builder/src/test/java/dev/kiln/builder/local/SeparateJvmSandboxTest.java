package dev.kiln.builder.local;

import static dev.kiln.plugin.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The builder in a JVM of its own, as Kiln runs it: as a user other than root (the tests' JVM
 * usually runs as root, which takes the other path), and killed with SIGKILL while a build runs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SeparateJvmSandboxTest {

  /** A user without a name, as Kiln's own account would be to the sandbox. */
  private static final int KILN_USER = 4242;

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final Markers markers = new Markers("jvm");
  private final List<Process> jvms = new ArrayList<>();

  @AfterEach
  void killWhatIsLeft() {
    jvms.forEach(Process::destroyForcibly);
    markers.killAll();
  }

  @Test
  void kilnRunningAsAnOrdinaryUserSandboxesItsBuildsToo() throws Exception {
    assumeTrue(
        BuildUser.kilnUid() == 0,
        "needs root to start a JVM as another user; as one, the other tests do it");
    String script =
        SandboxIsolationTest.ATTEMPT
            + "attempt many-processes sh -c '[ $(ls -d /proc/[0-9]* | wc -l) -gt 10 ]'\n"
            + "attempt write-etc touch /etc/kiln-made-here\n"
            + "attempt nested-user-namespace unshare -U true\n"
            + "echo \"uid $(id -u)\"\n"
            + "env -i setsid bash -c 'exec -a "
            + markers.name()
            + " sleep 300' &\n"
            // [k]: the pattern does not match grep's own command line
            + "until grep -qs '[k]"
            + markers.name().substring(1)
            + "' /proc/[0-9]*/cmdline; do sleep 0.05; done\n";

    Process jvm = start(KILN_USER, script);
    assertThat(jvm.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the build ended").isTrue();
    List<String> output =
        List.of(
            new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));

    assertThat(output)
        .as(String.join("\n", output))
        .containsSubsequence(
            "LINE FAILED many-processes",
            "LINE FAILED write-etc",
            "LINE FAILED nested-user-namespace",
            "LINE uid " + KILN_USER,
            "NOTICE Killed 1 leftover process.",
            "EXIT 0");
    assertThat(markers.count()).isZero();
  }

  @ParameterizedTest(name = "Kiln as root: {0}")
  @ValueSource(booleans = {true, false})
  void nothingOfABuildOutlivesAKilledJvm(boolean asRoot) throws Exception {
    assumeTrue(
        asRoot == (BuildUser.kilnUid() == 0) || BuildUser.kilnUid() == 0,
        "needs root to play another user");
    String sleep = "bash -c 'exec -a " + markers.name() + " sleep 300'";
    String script =
        "env -i setsid "
            + sleep
            + " &\n( ( "
            + sleep
            + " ) & )\nnohup "
            + sleep
            + " >/dev/null 2>&1 &\n"
            + "exec -a "
            + markers.name()
            + " sleep 300\n";

    Process jvm = start(asRoot ? 0 : KILN_USER, script);
    await(WAIT, () -> markers.count() == 4);
    jvm.destroyForcibly();

    await(Duration.ofSeconds(15), () -> markers.count() == 0);
  }

  /** Starts {@link BuildInAnotherJvm} as {@code uid}, in a work folder of that user's. */
  private Process start(int uid, String script) throws IOException {
    Path work = Files.createDirectories(dir.resolve("work-" + jvms.size()));
    List<String> command = new ArrayList<>();
    if (uid != BuildUser.kilnUid()) {
      Files.setAttribute(dir, "unix:mode", 0755);
      Files.setAttribute(work, "unix:uid", uid);
      command.addAll(
          List.of(
              "setpriv",
              "--reuid",
              Integer.toString(uid),
              "--regid",
              Integer.toString(uid),
              "--clear-groups"));
    }
    command.addAll(
        List.of(
            ProcessHandle.current().info().command().orElseThrow(),
            "-cp",
            classPath(),
            BuildInAnotherJvm.class.getName(),
            work.toString(),
            script));
    Process jvm =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    jvms.add(jvm);
    return jvm;
  }

  /**
   * This JVM's class path, jars and class folders copied where any user can read them: the checkout
   * may be in a folder only its owner may enter (a home, a {@code mktemp -d}).
   */
  private String classPath() throws IOException {
    Path copies = Files.createDirectories(dir.resolve("class-path"));
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (!Files.exists(path)) {
        continue;
      }
      Path copy = copies.resolve(entries.size() + "-" + path.getFileName());
      copyTree(path, copy);
      entries.add(copy.toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }
}

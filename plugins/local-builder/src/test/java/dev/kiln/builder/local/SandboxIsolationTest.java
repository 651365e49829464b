package dev.kiln.builder.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.NodeContext;
import dev.kiln.plugin.api.SandboxSettings;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sandboxed script can see and change. Kiln's private paths lie inside folders the sandbox
 * shows (an extra read-only one and a shared writable one), readable by everyone on the host, so
 * that only the sandbox's covering keeps them from the script.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SandboxIsolationTest {

  /** Runs each attempt in a subshell and prints whether it worked. */
  static final String ATTEMPT =
      "attempt() { what=$1; shift;"
          + " if ( \"$@\" ) >/dev/null 2>&1; then echo \"WORKED $what\"; else echo \"FAILED $what\"; fi; }\n";

  @TempDir Path workDirectory;
  @TempDir Path host;

  private Path visible;
  private Path shared;
  private final Path hostTmpFile =
      Path.of("/tmp/kiln-sandbox-test-" + ProcessHandle.current().pid());

  @BeforeEach
  void layOut() throws IOException {
    Files.setAttribute(host, "unix:mode", 0755);
    visible = Files.createDirectories(host.resolve("tools"));
    shared = Files.createDirectories(host.resolve("cache"));
    Files.setAttribute(shared, "unix:mode", 01777);
    readable(visible.resolve("readme.txt"), "tools for builds");
    Files.createDirectories(visible.resolve("kiln-data/keys"));
    readable(visible.resolve("kiln-data/keys/secrets-private.json"), "private key");
    readable(visible.resolve("kiln-data/postgres.password"), "database password");
    readable(visible.resolve("application.yml"), "spring.datasource.password: hunter2");
    readable(shared.resolve("token.txt"), "shared secret");
  }

  @AfterEach
  void removeWhatABrokenSandboxLetThrough() throws IOException {
    Files.deleteIfExists(hostTmpFile);
  }

  private LocalBuilder builder() {
    LocalBuilder builder = new LocalBuilder();
    builder.attach(
        new NodeContext(
            Set.of(
                visible.resolve("kiln-data"),
                visible.resolve("application.yml"),
                shared.resolve("token.txt")),
            new SandboxSettings(true, null, List.of(visible), List.of(shared))));
    return builder;
  }

  @Test
  void privatePathsAreCoveredWhereverTheyLieAndTheRestIsReadable() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        ATTEMPT
            + "attempt readme cat "
            + visible.resolve("readme.txt")
            + "\n"
            + "attempt private-key cat "
            + visible.resolve("kiln-data/keys/secrets-private.json")
            + "\n"
            + "attempt password cat "
            + visible.resolve("kiln-data/postgres.password")
            + "\n"
            + "attempt data-folder-files sh -c 'find "
            + visible.resolve("kiln-data")
            + " -type f | grep -q .'\n"
            + "attempt configuration cat "
            + visible.resolve("application.yml")
            + "\n"
            // A namespace of the script's own cannot lift a cover: the kernel locks mounts it
            // inherits.
            + "attempt uncover unshare -Urm sh -c 'umount -l "
            + visible.resolve("kiln-data")
            + "; cat "
            + visible.resolve("kiln-data/keys/secrets-private.json")
            + "'\n"
            + "attempt shared-secret cat "
            + shared.resolve("token.txt")
            + "\n"
            + "attempt home-of-root ls /root\n"
            + "attempt other-homes ls /home\n"
            + "attempt run-folder ls /run\n"
            + "attempt var-folder ls /var\n";

    BuildResult result = Builds.run(builder(), Builds.request(script), context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.lines())
        .containsExactly(
            "WORKED readme",
            "FAILED private-key",
            "FAILED password",
            "FAILED data-folder-files",
            "FAILED configuration",
            "FAILED uncover",
            "FAILED shared-secret",
            "FAILED home-of-root",
            "FAILED other-homes",
            "FAILED run-folder",
            "FAILED var-folder");
  }

  @Test
  void onlyTheWorkspaceTheSharedFolderAndPrivateTempFoldersCanBeWritten() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        ATTEMPT
            + "attempt workspace touch /workspace/made-here\n"
            + "attempt shared-folder touch "
            + shared.resolve("made-here")
            + "\n"
            + "attempt tmp touch "
            + hostTmpFile
            + "\n"
            + "attempt dev-shm touch /dev/shm/made-here\n"
            + "attempt read-only-folder touch "
            + visible.resolve("made-here")
            + "\n"
            + "attempt covered-folder touch "
            + visible.resolve("kiln-data/made-here")
            + "\n"
            + "attempt usr touch /usr/made-here\n"
            + "attempt etc touch /etc/made-here\n"
            + "attempt root-folder touch /made-here\n"
            + "attempt script-folder touch /kiln/made-here\n"
            + "attempt the-script sh -c 'echo changed >> /kiln/build.sh'\n";

    Builds.run(builder(), Builds.request(script), context);

    assertThat(context.lines())
        .containsExactly(
            "WORKED workspace",
            "WORKED shared-folder",
            "WORKED tmp",
            "WORKED dev-shm",
            "FAILED read-only-folder",
            "FAILED covered-folder",
            "FAILED usr",
            "FAILED etc",
            "FAILED root-folder",
            "FAILED script-folder",
            "FAILED the-script");
    assertThat(context.workDirectory().resolve("workspace").resolve("made-here")).exists();
    assertThat(shared.resolve("made-here")).exists();
    assertThat(hostTmpFile).as("the sandbox's /tmp is its own").doesNotExist();
    assertThat(visible.resolve("kiln-data/made-here")).doesNotExist();
  }

  @Test
  void theScriptSeesOnlyItsOwnProcessesAndRunsUnprivileged() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    long jvm = ProcessHandle.current().pid();
    String script =
        ATTEMPT
            + "attempt kiln-process test -e /proc/"
            + jvm
            + "\n"
            + "attempt kiln-environment cat /proc/"
            + jvm
            + "/environ\n"
            + "attempt many-processes sh -c '[ $(ls -d /proc/[0-9]* | wc -l) -gt 10 ]'\n"
            + "echo \"uid $(id -u)\"\n"
            + "echo \"pwd $PWD home $HOME\"\n";

    Builds.run(builder(), Builds.request(script), context);

    assertThat(context.lines())
        .containsExactly(
            "FAILED kiln-process",
            "FAILED kiln-environment",
            "FAILED many-processes",
            "uid " + buildUid(),
            "pwd /workspace home /workspace");
  }

  @Test
  void theBuildUserOwnsTheWorkspaceAndKilnReadsWhatItMade() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    Builds.run(
        builder(),
        Builds.request("mkdir -p dist\necho made > dist/out.txt\n", List.of("dist/*"), Map.of()),
        context);

    assertThat(context.stored()).containsKey("dist/out.txt");
    assertThat(context.stored().get("dist/out.txt").text()).isEqualTo("made\n");
    int owner =
        (Integer)
            Files.getAttribute(
                context.workDirectory().resolve("workspace").resolve("dist/out.txt"), "unix:uid");
    assertThat(owner).isEqualTo(buildUid());
  }

  /** Kiln's own uid, or the build user's when the test runs as root. */
  static int buildUid() {
    int kiln = BuildUser.kilnUid();
    return BuildUser.of(null, kiln, BuildUser::getent).map(BuildUser::uid).orElse(kiln);
  }

  @Test
  void aNulInAVariableCannotSmuggleOptionsIntoBubblewrap() {
    for (Map<String, String> variables :
        List.of(
            Map.of("INNOCENT", "x\0--bind\0/\0/host"),
            Map.of("INNOCENT\0--bind\0/\0/host\0--setenv\0X", "y"))) {
      TestBuildContext context = new TestBuildContext(workDirectory);
      var request =
          Builds.request("cat /host/etc/shadow\necho reached the host", List.of(), variables);

      assertThatThrownBy(() -> Builds.run(builder(), request, context))
          .isInstanceOf(BuildException.class)
          .hasMessageContaining("INNOCENT")
          .hasMessageContaining("NUL");
      assertThat(context.lines()).isEmpty();
    }
  }

  private static void readable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setAttribute(file, "unix:mode", 0644);
  }
}

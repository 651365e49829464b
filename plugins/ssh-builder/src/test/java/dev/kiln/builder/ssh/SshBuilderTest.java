package dev.kiln.builder.ssh;

import static dev.kiln.plugin.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kiln.builder.ssh.LocalSshd.ClientKeyFile;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.Health;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Builds run on a real OpenSSH server: output, exit codes, environment, files in and artifacts out.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SshBuilderTest {

  private static LocalSshd sshd;

  @TempDir Path workDirectory;
  @TempDir Path outside;

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = LocalSshd.start();
  }

  @AfterAll
  static void stopSshd() throws Exception {
    sshd.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = ClientKeyFile.class,
      names = {"ED25519", "ECDSA", "RSA"})
  void eachKeyTypeRunsABuild(ClientKeyFile key) throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    var settings = sshd.settings(key, sshd.knownHostsLine("host_ed25519"));

    BuildResult result =
        Builds.run(Builds.request("echo one\necho \"$(whoami)\"", settings), context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.lines()).containsExactly("one", sshd.user);
    assertThat(sshd.buildFolders()).as("build folder removed").isEmpty();
  }

  @Test
  void scriptThatExitsThreeReportsThreeAndStderrIsLogged() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result =
        Builds.run(
            Builds.request("echo before\necho oops >&2\nexit 3\necho after", sshd.settings()),
            context);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(context.lines()).containsExactlyInAnyOrder("before", "oops");
    assertThat(sshd.buildFolders()).isEmpty();
  }

  @Test
  void failingCommandStopsTheScriptAsWithTheLocalBuilder() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result =
        Builds.run(
            Builds.request("echo before\nfalse | cat\necho after", sshd.settings()), context);

    assertThat(result.exitCode()).isNotZero();
    assertThat(context.lines()).containsExactly("before");
  }

  @Test
  void linesArriveWhileTheScriptStillRuns() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    Path go = outside.resolve("go");
    String script = "echo first\nuntil [ -e \"$GO\" ]; do sleep 0.05; done\necho second";

    Future<BuildResult> run =
        Builds.start(
            Builds.request(script, List.of(), Map.of("GO", go.toString()), sshd.settings()),
            context);
    await(Duration.ofSeconds(20), () -> context.lines().contains("first"));

    assertThat(run.isDone()).as("the script waits for the go file").isFalse();
    assertThat(context.lines()).containsExactly("first");
    Files.createFile(go);
    assertThat(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run.get()).exitCode())
        .isZero();
    assertThat(context.lines()).containsExactly("first", "second");
  }

  @Test
  void environmentValuesSurviveQuotesSpacesAndNewlines() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    Map<String, String> environment =
        Map.of(
            "PLAIN", "hello world",
            "QUOTES", "it's \"quoted\" $HOME `date` \\",
            "MULTI_LINE", "one\ntwo\n",
            "EMPTY", "");
    String script =
        "for v in PLAIN QUOTES MULTI_LINE EMPTY; do printf '%s' \"${!v}\" > \"$v.txt\"; done\n"
            + "echo \"id=$KILN_BUILD_ID\"\necho \"ws=$KILN_WORKSPACE\"\necho \"pwd=$PWD\"";
    var request = Builds.request(script, List.of("*.txt"), environment, sshd.settings());

    BuildResult result = Builds.run(request, context);

    assertThat(result.exitCode()).isZero();
    environment.forEach(
        (name, value) ->
            assertThat(context.stored().get(name + ".txt").text()).as(name).isEqualTo(value));
    assertThat(context.lines()).contains("id=" + request.buildId());
    String workspace =
        context.lines().stream()
            .filter(l -> l.startsWith("ws="))
            .findFirst()
            .orElseThrow()
            .substring(3);
    assertThat(context.lines()).contains("pwd=" + workspace);
    assertThat(workspace)
        .startsWith(sshd.workRoot().toRealPath() + "/" + request.buildId() + "-")
        .endsWith("/workspace");
  }

  @Test
  void artifactsMatchingTheGlobsAreFetchedWithTheirExactSizes() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        """
        mkdir -p dist/sub other
        printf 'wheel a' > dist/a.whl
        head -c 300000 /dev/urandom > dist/sub/b.whl
        echo 'some notes' > notes.txt
        echo 'not an artifact' > other/skip.txt
        ln -s notes.txt dist/link.whl
        """;

    BuildResult result =
        Builds.run(
            Builds.request(script, List.of("dist/**", "*.txt"), Map.of(), sshd.settings()),
            context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.stored())
        .as("symbolic links are not followed")
        .containsOnlyKeys("dist/a.whl", "dist/sub/b.whl", "notes.txt");
    assertThat(context.stored().get("dist/a.whl").text()).isEqualTo("wheel a");
    assertThat(context.stored().get("dist/sub/b.whl").size()).isEqualTo(300_000);
    assertThat(context.stored().get("dist/sub/b.whl").bytes()).hasSize(300_000);
    assertThat(context.stored().get("notes.txt").size()).isEqualTo(11);
    assertThat(context.notices()).contains("Stored 3 artifact(s).");
  }

  @Test
  void failedScriptStillDeliversItsArtifacts() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result =
        Builds.run(
            Builds.request(
                "echo report > report.txt\nexit 1", List.of("*.txt"), Map.of(), sshd.settings()),
            context);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(context.stored()).containsOnlyKeys("report.txt");
  }

  @Test
  void filesOfThePreparedWorkspaceAreUploadedWithTheirExecutableBit() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    Path workspace = context.workspace(); // where Kiln checks a build's commit out
    Files.createDirectories(workspace.resolve("src/sub"));
    Files.writeString(workspace.resolve("src/sub/data.txt"), "payload");
    Path tool = workspace.resolve("tool.sh");
    Files.writeString(tool, "#!/bin/sh\necho tool ran\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));

    BuildResult result =
        Builds.run(
            Builds.request("cat src/sub/data.txt; echo\n./tool.sh", sshd.settings()), context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.lines()).containsExactly("payload", "tool ran");
  }

  @Test
  void longLinesArePassedOnInPiecesAndManyLinesCompletely() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory, false);

    BuildResult result =
        Builds.run(
            Builds.request(
                "head -c 5000000 /dev/zero | tr '\\0' 'x' | fold -w 100; echo\nhead -c 40000 /dev/zero | tr '\\0' 'y'",
                sshd.settings()),
            context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.lineBytes()).isEqualTo(5_040_000L);
    assertThat(context.lineCount()).isEqualTo(50_000L + 3);
  }

  @Test
  void checkReportsTheUserTheSystemAndTheTime() throws Exception {
    Health health = new SshBuilder().check(sshd.settings());

    assertThat(health.up()).as(health.message()).isTrue();
    // The test user may write its login files, which the check warns about first (LoginFilesTest).
    assertThat(health.message())
        .matches(
            "Warning: The build user may write .+ Connected as "
                + sshd.user
                + "@127\\.0\\.0\\.1 \\(Linux .+\\) in \\d+ ms;"
                + " build processes are contained in a PID namespace \\(unshare\\)\\.");
    assertThat(health.proposal()).isNull();
  }

  @Test
  void describesInstanceSettingsAndIsAvailable() {
    BuilderDescriptor descriptor = new SshBuilder().describe();

    assertThat(descriptor.id()).isEqualTo("ssh");
    assertThat(descriptor.isAvailable()).isTrue();
    assertThat(descriptor.settings()).allMatch(f -> f.scope() == SettingField.Scope.INSTANCE);
    assertThat(descriptor.settings())
        .extracting(SettingField::key)
        .containsExactly(
            SshSettings.HOST,
            SshSettings.PORT,
            SshSettings.USER,
            SshSettings.PRIVATE_KEY,
            SshSettings.PASSPHRASE,
            SshSettings.KNOWN_HOST_KEY,
            SshSettings.CONNECT_TIMEOUT,
            SshSettings.AUTH_TIMEOUT,
            SshSettings.WORK_ROOT,
            SshSettings.CONTAIN);
    assertThat(descriptor.settings())
        .filteredOn(f -> f.type() == SettingField.FieldType.SECRET_REF)
        .extracting(SettingField::key)
        .containsExactly(SshSettings.PRIVATE_KEY, SshSettings.PASSPHRASE);
  }

  @Test
  void variableNamesThatAreNotShellNamesAreRefused() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    var request = Builds.request("true", List.of(), Map.of("BAD NAME", "x"), sshd.settings());

    assertThatThrownBy(() -> Builds.run(request, context))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("BAD NAME");
  }
}

package dev.kiln.builder.ssh;

import static dev.kiln.plugin.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kiln.builder.ssh.LocalSshd.Host;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.Health;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No process a build starts outlives it on the host, however it detached, whether the script ends,
 * is cancelled, or the connection breaks: on a host where builds log in as root, as an unprivileged
 * user with user namespaces, and where only bwrap can contain them. Where nothing can, the log says
 * so, and an instance that requires containment refuses to run the build. The servers run on this
 * machine, so the test sees the builds' processes in its own {@code /proc}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ContainmentTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern KILLED = Pattern.compile("Killed (\\d+) leftover process(es)?\\.");
  private static final Map<Host, LocalSshd> hosts = new EnumMap<>(Host.class);

  @TempDir Path workDirectory;
  @TempDir Path outside;
  private final Marked marked = new Marked();

  @BeforeAll
  static void startServers() throws Exception {
    for (Host host : Host.values()) {
      hosts.put(host, LocalSshd.start(host));
    }
  }

  @AfterAll
  static void stopServers() throws Exception {
    for (LocalSshd sshd : hosts.values()) {
      sshd.close();
    }
  }

  @AfterEach
  void killLeftovers() {
    marked.killAll();
  }

  @ParameterizedTest
  @EnumSource(
      value = Host.class,
      names = {"TEST_USER", "UNPRIVILEGED", "UNPRIVILEGED_WITHOUT_UNSHARE"})
  void processesThatDetachedAreKilledWhenTheScriptEnds(Host host) throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    Path go = outside.resolve("go");
    String script = marked.escapes() + "until [ -e \"$GO\" ]; do sleep 0.05; done\necho done\n";

    Future<BuildResult> run =
        Builds.start(request(host, script, Map.of("GO", go.toString())), context);
    await(WAIT, () -> marked.alive().size() == Marked.ESCAPES);
    Files.createFile(go);
    BuildResult result = assertTimeoutPreemptively(WAIT, () -> run.get());

    assertThat(result.exitCode()).isZero();
    assertThat(marked.alive()).as("alive once the build has returned").isEmpty();
    assertThat(killed(context)).isGreaterThanOrEqualTo(Marked.ESCAPES);
    assertThat(context.notices()).contains(contained(host));
    assertThat(context.lines()).containsExactly("done");
  }

  @ParameterizedTest
  @EnumSource(
      value = Host.class,
      names = {"TEST_USER", "UNPRIVILEGED", "UNPRIVILEGED_WITHOUT_UNSHARE"})
  void cancelKillsProcessesThatDetached(Host host) throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        "trap 'echo stopping; exit 143' TERM\n"
            + marked.escapes()
            + "echo started\nsleep 300 & wait\n";

    Future<BuildResult> run = Builds.start(request(host, script, Map.of()), context);
    await(
        WAIT, () -> context.lines().contains("started") && marked.alive().size() == Marked.ESCAPES);
    context.cancel();
    BuildResult result = assertTimeoutPreemptively(WAIT, () -> run.get());

    assertThat(result.exitCode()).isEqualTo(143);
    assertThat(context.lines())
        .as("the script was asked to stop with SIGTERM")
        .contains("stopping");
    assertThat(marked.alive()).as("alive once the build has returned").isEmpty();
    // The script's process group got SIGTERM with it; the others are killed once it has ended.
    assertThat(killed(context)).isGreaterThanOrEqualTo(Marked.OUT_OF_GROUP);
    assertThat(hosts.get(host).buildFolders()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = Host.class,
      names = {"TEST_USER", "UNPRIVILEGED", "UNPRIVILEGED_WITHOUT_UNSHARE"})
  void aBrokenConnectionKillsTheBuild(Host host) throws Exception {
    LocalSshd sshd = hosts.get(host);
    TestBuildContext context = new TestBuildContext(workDirectory);
    try (TcpRelay relay = TcpRelay.to(sshd.port)) {
      BuilderSettings viaRelay =
          withValues(
              sshd.settings(),
              Map.of(
                  SshSettings.PORT,
                  Integer.toString(relay.port()),
                  SshSettings.KNOWN_HOST_KEY,
                  sshd.bareHostKey("host_ed25519")));
      String script = marked.escapes() + "echo started\nsleep 300\n";

      Future<BuildResult> run =
          Builds.start(Builds.request(script, List.of(), Map.of(), viaRelay), context);
      await(
          WAIT,
          () -> context.lines().contains("started") && marked.alive().size() == Marked.ESCAPES);
      relay.cut();

      assertThatThrownBy(() -> assertTimeoutPreemptively(WAIT, () -> run.get()))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(BuildException.class);
      // The host notices the end of the connection by itself; nothing is left to ask it anything.
      await(WAIT, () -> marked.alive().isEmpty());
    }
    assertThat(new SshBuilder().reapOrphans(sshd.settings(), id -> false))
        .as("the folder is the reaper's")
        .hasSize(1);
    assertThat(sshd.buildFolders()).isEmpty();
  }

  @Test
  void whereNothingCanContainTheBuildItRunsAndTheLogSaysWhy() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    Path go = outside.resolve("go");
    String script =
        "("
            + marked.sleeper("in-group")
            + ") &\nsetsid bash -c '"
            + marked.sleeper("setsid")
            + "' &\n"
            + "until [ -e \"$GO\" ]; do sleep 0.05; done\n";

    Future<BuildResult> run =
        Builds.start(
            request(Host.NO_USER_NAMESPACES, script, Map.of("GO", go.toString())), context);
    await(WAIT, () -> marked.alive().size() == 2);
    Files.createFile(go);
    BuildResult result = assertTimeoutPreemptively(WAIT, () -> run.get());

    assertThat(result.exitCode()).isZero();
    assertThat(context.notices())
        .anySatisfy(
            notice ->
                assertThat(notice)
                    .startsWith(
                        "Processes could not be contained on 127.0.0.1 (unshare: unshare failed: ")
                    .contains("bwrap: ")
                    .endsWith(
                        "one that leaves the script's process group (setsid, a daemon) can outlive"
                            + " the build."));
    assertThat(context.notices()).contains("Killed 1 leftover process.");
    assertThat(marked.alive())
        .as("the process group is still killed; a process that left it is out of reach")
        .containsOnlyKeys("setsid");
  }

  @Test
  void anInstanceThatRequiresContainmentRefusesAHostThatCannot() throws Exception {
    LocalSshd sshd = hosts.get(Host.NO_USER_NAMESPACES);
    TestBuildContext context = new TestBuildContext(workDirectory);
    Path ran = outside.resolve("ran");
    BuilderSettings required = withValues(sshd.settings(), Map.of(SshSettings.CONTAIN, "required"));

    assertThatThrownBy(() -> Builds.run(Builds.request("touch '" + ran + "'", required), context))
        .isInstanceOf(BuildException.class)
        .hasMessageStartingWith(
            "The build's processes cannot be contained on 127.0.0.1 (unshare: unshare failed: ")
        .hasMessageEndingWith(
            "and the builder instance requires it. Allow unprivileged user namespaces on the"
                + " host or install bubblewrap, or set Contain processes to \"when possible\".");
    assertThat(ran).doesNotExist();
    assertThat(sshd.buildFolders()).isEmpty();
    assertThat(new SshBuilder().check(required).up()).isFalse();
  }

  @Test
  void containmentSwitchedOffLeavesTheProcessGroupOnlyAndSaysSo() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    BuilderSettings off =
        withValues(hosts.get(Host.TEST_USER).settings(), Map.of(SshSettings.CONTAIN, "off"));

    BuildResult result = Builds.run(Builds.request("echo $$ is not 1", off), context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.notices())
        .contains(
            "The build's processes are not contained (Contain processes is off): one"
                + " that leaves the script's process group (setsid, a daemon) can outlive the build.");
    assertThat(new SshBuilder().check(off).message())
        .endsWith("; build processes are not contained (switched off).");
  }

  @ParameterizedTest
  @EnumSource(Host.class)
  void healthCheckSaysHowBuildsAreContained(Host host) throws Exception {
    Health health = new SshBuilder().check(hosts.get(host).settings());

    assertThat(health.up()).as(health.message()).isTrue();
    assertThat(health.message())
        .endsWith(
            switch (host) {
              case TEST_USER, UNPRIVILEGED ->
                  "; build processes are contained in a PID namespace (unshare).";
              case UNPRIVILEGED_WITHOUT_UNSHARE ->
                  "; build processes are contained in a PID namespace (bwrap).";
              case NO_USER_NAMESPACES ->
                  "; build processes cannot be contained (unshare: unshare failed: No space left on"
                      + " device; bwrap: Creating new namespace failed: nesting depth or /proc/sys/user/max_*_namespaces"
                      + " exceeded (ENOSPC)).";
            });
  }

  private String contained(Host host) {
    boolean root = hosts.get(host).user.equals("root");
    String namespaces =
        root ? "" : ", in a user namespace where sudo and other setuid programs do not work";
    String tool = host == Host.UNPRIVILEGED_WITHOUT_UNSHARE ? "bwrap" : "unshare";
    return "The build's processes run in a PID namespace of their own ("
        + tool
        + namespaces
        + "); none outlive the build.";
  }

  private static int killed(TestBuildContext context) {
    return context.notices().stream()
        .map(KILLED::matcher)
        .filter(Matcher::matches)
        .findFirst()
        .map(m -> Integer.parseInt(m.group(1)))
        .orElse(0);
  }

  private static BuildRequest request(Host host, String script, Map<String, String> environment)
      throws Exception {
    return Builds.request(script, List.of(), environment, hosts.get(host).settings());
  }

  private static BuilderSettings withValues(BuilderSettings settings, Map<String, String> changes) {
    Map<String, String> values = new HashMap<>(settings.values());
    values.putAll(changes);
    return new BuilderSettings(values, settings.secrets());
  }
}

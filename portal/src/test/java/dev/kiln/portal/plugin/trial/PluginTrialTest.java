package dev.kiln.portal.plugin.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.plugin.BrokenPluginJars;
import dev.kiln.portal.plugin.HostilePluginJars;
import dev.kiln.portal.plugin.PluginHostTest;
import dev.kiln.portal.plugin.PluginRefusedException;
import dev.kiln.portal.plugin.TestPluginJars;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The trial JVM itself, started from the test class path as Kiln starts it from its jar: what a
 * plugin sees there, the limits it runs under, and what is left once it has ended.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PluginTrialTest {

  @TempDir Path dir;

  @Test
  void aGoodPluginIsDescribedWithItsSettingsInAJvmWithASmallHeap() throws IOException {
    Path jar =
        TestPluginJars.plugin(
                "greeter",
                Map.of(
                    "test.greeter.TheBuilder",
                    BrokenPluginJars.builder(
                        "greeter",
                        "greeter",
                        "",
                        "BuilderDescriptor.available(\"greeter\", \"Greeter\", \"\", List.of(SettingField.optional("
                            + "\"greeting\", \"Greeting\", SettingField.FieldType.TEXT, \"hi\", \"\")))")))
            .writeTo(dir.resolve("greeter.jar"));

    TrialReport report = run(trial(null), jar);
    assertThat(report.builders())
        .containsExactly(new TrialReport.Described("greeter", "Greeter", List.of("greeting TEXT")));
    assertThat(report.maxHeap())
        .as("the heap the trial JVM had")
        .isPositive()
        .isLessThanOrEqualTo(DataSize.ofMegabytes(128).toBytes());
    assertThat(trialFolders()).isEmpty();
  }

  /**
   * Kiln's data folder is {@code ./kiln-data} unless set: the trial must not depend on its own
   * working folder.
   */
  @Test
  void aTrialFolderGivenRelativeToKilnsWorkingFolderWorks() throws IOException {
    Path jar =
        BrokenPluginJars.working("relative", "relative").writeTo(dir.resolve("relative.jar"));
    Path relative = Path.of("target", "plugin-trials-relative-" + System.nanoTime());
    for (Boolean sandbox : new Boolean[] {true, false}) {
      var trial =
          new PluginTrial(relative, Duration.ofSeconds(60), DataSize.ofMegabytes(128), sandbox);
      assertThat(run(trial, Path.of("").toAbsolutePath().relativize(jar)).builders())
          .as("sandbox " + sandbox)
          .extracting(TrialReport.Described::id)
          .containsExactly("relative");
    }
    try (Stream<Path> left = Files.list(relative)) {
      assertThat(left.toList()).isEmpty();
    }
    Files.delete(relative);
  }

  @Test
  void theShippedPluginsAndTheExamplePassTheirTrial() throws IOException {
    List<Path> jars = new ArrayList<>(PluginHostTest.shipped());
    Path example = Path.of("../examples/hello-builder/target/hello-builder-1.0.0.jar");
    if (Files.isRegularFile(example)) {
      jars.add(example);
    }
    var trial = trial(null);
    for (Path jar : jars) {
      assertThat(run(trial, jar).builders()).as(jar.toString()).isNotEmpty();
    }
    assertThat(trialFolders()).isEmpty();
  }

  /**
   * In the sandbox the plugin finds no environment, cannot read Kiln's files, cannot reach the
   * database's port, sees no other process, and nothing it starts outlives the trial.
   */
  @Test
  void inTheSandboxThePluginReachesNoSecretNoPortAndNoProcess() throws IOException {
    Path secret = Files.writeString(dir.resolve("secrets-private.json"), "{\"key\": \"private\"}");
    try (var database = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Path jar = probe(secret, database.getLocalPort()).writeTo(dir.resolve("probe.jar"));
      var trial = trial(true);
      assertThat(run(trial, jar).builders())
          .singleElement()
          .extracting(TrialReport.Described::name)
          .isEqualTo(
              "env=[LC_ALL, PWD] secret=NoSuchFileException db=ConnectException otherProcesses=false");
    }
    assertThat(leftoverSleepers()).isEmpty();
    assertThat(trialFolders()).isEmpty();
  }

  @Test
  void withoutTheSandboxThePluginStillGetsAnEmptyEnvironmentAndItsProcessesEnd()
      throws IOException {
    Path secret = Files.writeString(dir.resolve("secrets-private.json"), "{}");
    Path jar = probe(secret, 1).writeTo(dir.resolve("probe.jar"));
    assertThat(run(trial(false), jar).builders())
        .singleElement()
        .extracting(TrialReport.Described::name)
        .asString()
        .startsWith("env=[LC_ALL] secret=read");
    assertThat(leftoverSleepers()).isEmpty();
    assertThat(trialFolders()).isEmpty();
  }

  @Test
  void aPluginThatFloodsItsOutputIsReadWithinBounds() throws IOException {
    Path jar =
        HostilePluginJars.construct(
                "floods",
                "byte[] line = new byte[1 << 20];"
                    + " for (int i = 0; i < 200; i++) { System.out.write(line, 0, line.length); System.err.write(line, 0,"
                    + " line.length); }")
            .writeTo(dir.resolve("floods.jar"));
    assertThat(run(trial(null), jar).builders())
        .extracting(TrialReport.Described::id)
        .containsExactly("floods");
  }

  @Test
  void aDaemonThreadStillRunningThePluginsCodeIsRefused() throws IOException {
    Path jar =
        HostilePluginJars.construct(
                "spinner",
                "Thread t = new Thread(() -> { while (!Boolean.getBoolean("
                    + "\"kiln.never\")) { Thread.onSpinWait(); } }, \"spinner\"); t.setDaemon(true); t.start();")
            .writeTo(dir.resolve("spinner.jar"));
    assertThatThrownBy(() -> run(trial(null), jar))
        .isInstanceOf(PluginRefusedException.class)
        .hasMessageStartingWith(
            "it left a thread running after it was stopped: 'spinner' (in test.spinner.");
  }

  private PluginTrial trial(Boolean sandbox) {
    return new PluginTrial(
        dir.resolve("trials"), Duration.ofSeconds(60), DataSize.ofMegabytes(128), sandbox);
  }

  /** Tries {@code jar} under the id and version its manifest gives, as an upload does. */
  private static TrialReport run(PluginTrial trial, Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Attributes manifest = file.getManifest().getMainAttributes();
      return trial.run(jar, manifest.getValue("Plugin-Id"), manifest.getValue("Plugin-Version"));
    }
  }

  /**
   * A plugin whose builder's name says what it could reach from its trial, and that leaves a
   * sleeping process.
   */
  private static TestPluginJars probe(Path secret, int port) {
    String members =
        """
        static String probe() {
          String secret, db;
          try { java.nio.file.Files.readString(java.nio.file.Path.of("%s")); secret = "read"; }
          catch (Exception e) { secret = e.getClass().getSimpleName(); }
          try (var s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", %d), 2000); db = "connected"; }
          catch (Exception e) { db = e.getClass().getSimpleName(); }
          boolean others = ProcessHandle.allProcesses().count() > 5;
          try { new ProcessBuilder("sleep", "317").start(); } catch (Exception e) { throw new IllegalStateException(e); }
          return "env=" + new java.util.TreeSet<>(System.getenv().keySet()) + " secret=" + secret + " db=" + db
              + " otherProcesses=" + others;
        }
        """
            .formatted(secret.toAbsolutePath().toString().replace("\\", "\\\\"), port);
    return TestPluginJars.plugin(
        "probe",
        Map.of(
            "test.probe.TheBuilder",
            BrokenPluginJars.builder(
                "probe",
                "probe",
                members,
                "BuilderDescriptor.available(\"probe\", probe(), \"\", List.of())")));
  }

  /** Processes a probe started ({@code sleep 317}) that are still alive. */
  private static List<ProcessHandle> leftoverSleepers() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> List.of(a).equals(List.of("317"))).orElse(false))
        .toList();
  }

  private List<Path> trialFolders() throws IOException {
    if (!Files.isDirectory(dir.resolve("trials"))) {
      return List.of();
    }
    try (Stream<Path> left = Files.list(dir.resolve("trials"))) {
      return left.toList();
    }
  }
}

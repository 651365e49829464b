package dev.kiln.builder.ssh;

import static dev.kiln.plugin.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Leftover build folders of builds that are no longer live are removed, their processes killed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrphanReaperTest {

  private static LocalSshd sshd;
  private final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = LocalSshd.start();
  }

  @AfterAll
  static void stopSshd() throws Exception {
    sshd.close();
  }

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void staleFolderIsRemovedWithItsProcessesAndLiveOneKept() throws Exception {
    Path stale = buildFolder("dead-build", "0123456789ab");
    Process orphan = startScript(stale);
    Path live = buildFolder("live-build", "aaaaaaaaaaaa");
    Process running = startScript(live);

    List<String> removed =
        new SshBuilder().reapOrphans(sshd.settings(), id -> id.equals("live-build"));

    assertThat(removed)
        .singleElement()
        .asString()
        .contains("dead-build", stale.getFileName().toString());
    assertThat(stale).doesNotExist();
    await(Duration.ofSeconds(10), () -> !Await.isAlive(orphan.pid()));
    assertThat(live).isDirectory();
    assertThat(running.isAlive()).isTrue();
  }

  @Test
  void processThatMerelyReusedTheRecordedIdIsLeftAlone() throws Exception {
    Path stale = buildFolder("dead-build", "bbbbbbbbbbbb");
    // Another program now leads a process group with the recorded id: not this build's script.
    Process stranger = start(new ProcessBuilder("setsid", "sleep", "300"));
    Files.writeString(stale.resolve("pgid"), stranger.pid() + "\n");

    List<String> removed = new SshBuilder().reapOrphans(sshd.settings(), id -> false);

    assertThat(removed).hasSize(1);
    assertThat(stale).doesNotExist();
    assertThat(stranger.isAlive()).isTrue();
  }

  @Test
  void missingWorkRootAndForeignFoldersAreNotAnError() throws Exception {
    assertThat(new SshBuilder().reapOrphans(sshd.settings(), id -> false)).isEmpty();
    Files.createDirectories(sshd.workRoot().resolve("not-a-build-folder"));

    assertThat(new SshBuilder().reapOrphans(sshd.settings(), id -> false)).isEmpty();
    assertThat(sshd.workRoot().resolve("not-a-build-folder")).isDirectory();
  }

  /** A build folder as a build leaves it, on this machine (the host the sshd serves). */
  private static Path buildFolder(String buildId, String suffix) throws Exception {
    Path folder = sshd.workRoot().resolve(buildId + "-" + suffix);
    Files.createDirectories(folder.resolve("workspace"));
    Files.writeString(folder.resolve("build-id"), buildId);
    Files.writeString(folder.resolve("build.sh"), "sleep 300\n");
    return folder;
  }

  /** Runs the folder's script in a session of its own, as sshd would, recording its group id. */
  private Process startScript(Path folder) throws Exception {
    Process process =
        start(new ProcessBuilder("setsid", "bash", folder.resolve("build.sh").toString()));
    Files.writeString(folder.resolve("pgid"), process.pid() + "\n");
    return process;
  }

  private Process start(ProcessBuilder builder) throws Exception {
    Process process =
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    started.add(process);
    return process;
  }
}

package dev.kiln.builder.ssh;

import static dev.kiln.plugin.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Only a plain group id greater than 1 is taken, and the signal command works in every POSIX shell.
 */
class ProcessGroupTest {

  private static final String SCRIPT = "/kiln-test/build-1-0123456789ab/build.sh";
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0",
        "1",
        "-1",
        "01",
        "+5",
        "1 2",
        "12;rm -rf ~",
        "[0-9]*",
        "4194305",
        "99999999999",
        " 12",
        "12\n"
      })
  void refusesAnythingButAPlainIdAboveOne(String text) {
    assertThat(ProcessGroup.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "4194304", "31337"})
  void takesPlainIds(String text) {
    assertThat(ProcessGroup.parse(text))
        .hasValueSatisfying(group -> assertThat(group.id()).hasToString(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/bin/dash", "/bin/bash"})
  void killsTheBuildsGroupInEachShell(String shell) throws Exception {
    Process build = start("setsid", "bash", "-c", "sleep 300; :", SCRIPT);
    Process stranger = start("setsid", "bash", "-c", "sleep 300; :", "/kiln-test/other/build.sh");
    ProcessGroup group = ProcessGroup.parse(Long.toString(build.pid())).orElseThrow();
    ProcessGroup other = ProcessGroup.parse(Long.toString(stranger.pid())).orElseThrow();

    run(shell, group.signalCommand("KILL", SCRIPT));
    run(shell, other.signalCommand("KILL", SCRIPT));

    await(Duration.ofSeconds(10), () -> !build.isAlive());
    assertThat(stranger.isAlive()).as("a group whose leader runs another script").isTrue();
  }

  private static void run(String shell, String command) throws Exception {
    Process process = new ProcessBuilder(shell, "-c", command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private Process start(String... command) throws Exception {
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectErrorStream(true)
            .start();
    started.add(process);
    // setsid forks when the caller leads a group; the test's child does not, so the pid is the
    // group's.
    return process;
  }
}

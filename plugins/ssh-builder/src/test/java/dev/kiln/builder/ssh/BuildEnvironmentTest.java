package dev.kiln.builder.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.testkit.HostileValues;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The environment crosses the remote login shell as single-quoted {@code env} arguments: values
 * arrive as data through a real sshd and bash, and variables that would change how the login shell,
 * env or bash run are refused before Kiln connects.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BuildEnvironmentTest {

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

  @Test
  void hostileValuesArriveByteForByteAndRunNothing() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result =
        Builds.run(
            Builds.request(HostileValues.SCRIPT, List.of(), HostileValues.VALUES, sshd.settings()),
            context);

    assertThat(result.exitCode()).as(String.join("\n", context.lines())).isZero();
    HostileValues.assertArrived(context.lines());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"BASH_ENV", "ENV", "SHELLOPTS", "PS4", "LD_PRELOAD", "GCONV_PATH", "PATH", "IFS"})
  void aStartUpVariableIsRefusedBeforeConnecting(String name) throws Exception {
    Path marker = outside.resolve("marker");
    var request =
        Builds.request(
            "set -x; echo ran",
            List.of(),
            Map.of(name, "$(touch " + marker + ")"),
            sshd.settings());
    TestBuildContext context = new TestBuildContext(workDirectory);

    assertThatThrownBy(() -> Builds.run(request, context))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining(name);
    assertThat(context.lines()).isEmpty();
    assertThat(Files.exists(marker)).isFalse();
    assertThat(sshd.buildFolders()).isEmpty();
  }
}

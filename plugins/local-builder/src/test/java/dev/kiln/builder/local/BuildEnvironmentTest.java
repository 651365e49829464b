package dev.kiln.builder.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.testkit.HostileValues;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What reaches the script's environment: values as data, and no variable that changes how bash
 * runs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BuildEnvironmentTest {

  @TempDir Path workDirectory;

  @Test
  void hostileValuesArriveByteForByteAndRunNothing() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result =
        Builds.run(Builds.request(HostileValues.SCRIPT, List.of(), HostileValues.VALUES), context);

    assertThat(result.exitCode()).as(String.join("\n", context.lines())).isZero();
    HostileValues.assertArrived(context.lines());
  }

  /**
   * Each would run the marker command in bash, setsid or the loader before the script's first line.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "BASH_ENV",
        "ENV",
        "SHELLOPTS",
        "BASHOPTS",
        "PS4",
        "LD_PRELOAD",
        "LD_AUDIT",
        "GCONV_PATH",
        "GLIBC_TUNABLES",
        "PATH",
        "IFS",
        "BASH_FUNC_echo%%",
        "KILN_WORKSPACE"
      })
  void aStartUpVariableIsRefusedBeforeAnythingStarts(String name) throws Exception {
    Path marker = workDirectory.resolve("marker");
    String payload = "$(touch " + marker + ")";
    TestBuildContext context = new TestBuildContext(workDirectory);
    var request = Builds.request("echo ran; set -x; true", List.of(), Map.of(name, payload));

    assertThatThrownBy(() -> Builds.run(request, context))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining(name);
    assertThat(context.lines()).isEmpty();
    assertThat(Files.exists(marker)).isFalse();
  }

  @Test
  void aParameterNamedLikeAToolsVariableIsRefusedToo() {
    var request =
        new BuildRequest(
            "build-tools",
            "test-project",
            "git --version",
            List.of(),
            Map.of("GIT_SSH_COMMAND", "touch pwned"),
            Duration.ofMinutes(1),
            BuilderSettings.empty(),
            Map.of("GIT_SSH_COMMAND", "touch pwned"));

    assertThatThrownBy(() -> Builds.run(request, new TestBuildContext(workDirectory)))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("GIT_SSH_COMMAND is reserved: git reads it");
  }
}

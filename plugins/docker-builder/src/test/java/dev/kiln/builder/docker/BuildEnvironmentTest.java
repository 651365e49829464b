package dev.kiln.builder.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.testkit.HostileValues;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The environment goes to the engine as the container's {@code Env} list: values arrive as data,
 * and variables that would change how the container's bash or loader run are refused before the
 * container exists.
 */
@ExtendWith(DockerEngineExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BuildEnvironmentTest {

  @TempDir Path workDirectory;

  @Test
  void hostileValuesArriveByteForByteAndRunNothing(DockerEngine engine) throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result =
        Builds.run(
            Builds.request(
                HostileValues.SCRIPT, List.of(), HostileValues.VALUES, Builds.settings(engine)),
            context);

    assertThat(result.exitCode()).as(String.join("\n", context.lines())).isZero();
    HostileValues.assertArrived(context.lines());
  }

  @ParameterizedTest
  @ValueSource(strings = {"BASH_ENV", "SHELLOPTS", "PS4", "LD_PRELOAD", "PATH"})
  void aStartUpVariableIsRefusedBeforeTheContainerExists(String name, DockerEngine engine) {
    var request =
        Builds.request(
            "set -x; echo ran",
            List.of(),
            Map.of(name, "$(echo pwned >&2)"),
            Builds.settings(engine));
    TestBuildContext context = new TestBuildContext(workDirectory);

    assertThatThrownBy(() -> Builds.run(request, context))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining(name);
    assertThat(context.lines()).isEmpty();
  }
}

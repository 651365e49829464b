package dev.kiln.builder.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pull policies against a real engine. No registry is reachable here, so a pull is proven by
 * its failure: the image names a registry on a local port where nothing listens, and the engine's
 * refusal comes back as the build's error.
 */
@ExtendWith(DockerEngineExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImagePolicyTest {

  @TempDir Path workDirectory;

  @Test
  void neverWithAMissingImageFailsWithoutPulling(DockerEngine engine) {
    TestBuildContext context = new TestBuildContext(workDirectory);
    BuildRequest request = withImage(engine, "kiln/not-here:1", "never");

    assertThatThrownBy(() -> Builds.run(request, context))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining(
            "Image kiln/not-here:1 is not on the engine and the pull policy is never");
    assertThat(context.notices()).noneMatch(n -> n.startsWith("Pulling"));
  }

  @Test
  void ifMissingPullsAnAbsentImageAndSaysWhyThePullFailed(DockerEngine engine) throws Exception {
    String image = "127.0.0.1:" + closedPort() + "/kiln/absent:1";
    TestBuildContext context = new TestBuildContext(workDirectory);

    assertThatThrownBy(() -> Builds.run(withImage(engine, image, "if-missing"), context))
        .isInstanceOf(BuildException.class)
        .hasMessageStartingWith("Could not pull image " + image + ": ")
        .hasMessageContaining("connection refused");
    assertThat(context.notices()).contains("Pulling image " + image);
  }

  @Test
  void alwaysPullsEvenAnImageTheEngineHas(DockerEngine engine) throws Exception {
    String image = "127.0.0.1:" + closedPort() + "/kiln/debian:bookworm";
    engine
        .client()
        .tagImageCmd(DockerEngine.IMAGE, image.substring(0, image.lastIndexOf(':')), "bookworm")
        .exec();
    try {
      TestBuildContext ifMissing = new TestBuildContext(workDirectory);
      assertThat(Builds.run(withImage(engine, image, "if-missing"), ifMissing).exitCode()).isZero();
      assertThat(ifMissing.notices()).noneMatch(n -> n.startsWith("Pulling"));

      assertThatThrownBy(
              () ->
                  Builds.run(
                      withImage(engine, image, "always"), new TestBuildContext(workDirectory)))
          .isInstanceOf(BuildException.class)
          .hasMessageStartingWith("Could not pull image " + image);
    } finally {
      engine.client().removeImageCmd(image).exec();
    }
  }

  private static BuildRequest withImage(DockerEngine engine, String image, String pull) {
    Map<String, String> settings = Builds.settings(engine);
    settings.put(DockerSettings.IMAGE, image);
    settings.put(DockerSettings.PULL, pull);
    return Builds.request("echo ran", List.of(), Map.of(), settings);
  }

  /** A local port nothing listens on: taken, then freed. */
  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

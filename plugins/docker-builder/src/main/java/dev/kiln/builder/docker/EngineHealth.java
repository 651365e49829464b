package dev.kiln.builder.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.Health;
import java.io.IOException;
import java.time.Duration;

/** The instance's health check: does the engine answer, and which Docker is it. */
final class EngineHealth {

  /**
   * How long each of the check's requests may take; with the connect timeout this bounds the check.
   */
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);

  private EngineHealth() {}

  /** Pings the engine and says its version, API version and image count, or what failed. */
  static Health check(DockerSettings settings) {
    try (DockerClient client = EngineConnection.open(settings, RESPONSE_TIMEOUT)) {
      client.pingCmd().exec();
      Version version = client.versionCmd().exec();
      int images = client.listImagesCmd().exec().size();
      return Health.up(
          "Docker "
              + version.getVersion()
              + " (API "
              + version.getApiVersion()
              + ") at "
              + settings.engine()
              + ", "
              + images
              + (images == 1 ? " image" : " images"));
    } catch (BuildException e) {
      return Health.down(e.getMessage());
    } catch (RuntimeException | IOException e) {
      return Health.down(
          "The Docker engine at "
              + settings.engine()
              + " does not answer: "
              + EngineProblem.describe(e));
    }
  }
}

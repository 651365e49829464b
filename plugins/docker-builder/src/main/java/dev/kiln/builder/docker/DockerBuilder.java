package dev.kiln.builder.docker;

import com.github.dockerjava.api.DockerClient;
import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.Builder;
import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.EnvironmentPolicy;
import dev.kiln.plugin.api.Health;
import dev.kiln.plugin.api.SettingProblem;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the script with bash in a fresh container on a Docker engine, through the Engine API: the
 * workspace is copied in, the log streamed out live, the artifacts copied out, and the container
 * removed afterwards. Containers carry Kiln labels, so those of dead builds can be reaped.
 */
@Extension
public class DockerBuilder implements Builder {

  private static final Logger LOG = LoggerFactory.getLogger(DockerBuilder.class);

  @Override
  public BuilderDescriptor describe() {
    return BuilderDescriptor.available(
        "docker",
        "Docker",
        "Runs the script with bash in a fresh container on a Docker engine, with the instance's CPU, memory"
            + " and network limits. The script reaches what the container's network lets it reach.",
        DockerSettings.fields());
  }

  @Override
  public List<SettingProblem> validate(BuilderSettings settings) {
    return SettingsValidation.check(settings);
  }

  @Override
  public Health check(BuilderSettings settings) {
    List<SettingProblem> problems = SettingsValidation.instance(settings);
    if (!problems.isEmpty()) {
      return Health.down("The settings are not valid: " + problems.getFirst().message());
    }
    return EngineHealth.check(DockerSettings.from(settings));
  }

  @Override
  public List<String> reapOrphans(BuilderSettings settings, Predicate<String> isLive) {
    String engine = settings.get(DockerSettings.ENGINE).orElse(DockerSettings.DEFAULT_ENGINE);
    if (!SettingsValidation.instance(settings).isEmpty()) {
      LOG.warn(
          "Not reaping orphaned containers at {}: the instance's settings are not valid", engine);
      return List.of();
    }
    try (DockerClient client =
        EngineConnection.open(DockerSettings.from(settings), EngineHealth.RESPONSE_TIMEOUT)) {
      return OrphanReaper.reap(client, engine, isLive);
    } catch (BuildException | IOException | RuntimeException e) {
      // Nothing removed now; the next round tries again.
      LOG.warn(
          "Could not reap orphaned containers on the Docker engine at {}: {}",
          engine,
          e instanceof BuildException ? e.getMessage() : EngineProblem.describe(e));
      return List.of();
    }
  }

  @Override
  public BuildResult run(BuildRequest request, BuildContext context)
      throws BuildException, InterruptedException {
    List<SettingProblem> problems = SettingsValidation.check(request.settings());
    if (!problems.isEmpty()) {
      throw new BuildException(
          "The Docker builder's settings are not valid: " + problems.getFirst().message());
    }
    // Names bash or the loader would act on inside the container are refused before it exists.
    EnvironmentPolicy.check(request);
    DockerSettings docker = DockerSettings.from(request.settings());
    // No response timeout: following the log and waiting for the exit last as long as the build.
    DockerClient client = EngineConnection.open(docker, null);
    try {
      return new ContainerRun(client, docker, request, context).run();
    } finally {
      try {
        client.close();
      } catch (IOException e) {
        // Closing frees the connection pool; the build's outcome is already known.
      }
    }
  }
}

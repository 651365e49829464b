package dev.kiln.builder.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import dev.kiln.plugin.api.BuilderSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Containers of dead builds are removed, in any state; those of live builds and foreign ones stay.
 */
@ExtendWith(DockerEngineExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrphanReaperTest {

  @Test
  void removesTheContainersOfDeadBuildsOnly(DockerEngine engine) {
    DockerClient client = engine.client();
    String deadRunning =
        create(
            client,
            Map.of(ContainerRun.MANAGED_LABEL, "true", ContainerRun.BUILD_ID_LABEL, "dead-1"));
    String deadCreated =
        create(
            client,
            Map.of(ContainerRun.MANAGED_LABEL, "true", ContainerRun.BUILD_ID_LABEL, "dead-2"));
    String live =
        create(
            client,
            Map.of(ContainerRun.MANAGED_LABEL, "true", ContainerRun.BUILD_ID_LABEL, "live-1"));
    String foreign = create(client, Map.of(ContainerRun.BUILD_ID_LABEL, "dead-3"));
    try {
      client.startContainerCmd(deadRunning).exec();
      client.startContainerCmd(live).exec();

      List<String> lines =
          new DockerBuilder()
              .reapOrphans(
                  new BuilderSettings(Builds.settings(engine)),
                  buildId -> buildId.equals("live-1"));

      assertThat(lines)
          .hasSize(2)
          .anySatisfy(
              line -> assertThat(line).contains(deadRunning.substring(0, 12), "dead-1", "running"))
          .anySatisfy(
              line -> assertThat(line).contains(deadCreated.substring(0, 12), "dead-2", "created"));
      assertThat(ids(client)).contains(live, foreign).doesNotContain(deadRunning, deadCreated);
    } finally {
      for (String id : List.of(deadRunning, deadCreated, live, foreign)) {
        if (ids(client).contains(id)) {
          client.removeContainerCmd(id).withForce(true).exec();
        }
      }
    }
  }

  @Test
  void anEngineThatIsDownLeavesNothingToReport() {
    BuilderSettings settings =
        new BuilderSettings(Map.of(DockerSettings.ENGINE, "unix:///nonexistent/docker.sock"));

    assertThat(new DockerBuilder().reapOrphans(settings, id -> false)).isEmpty();
  }

  private static String create(DockerClient client, Map<String, String> labels) {
    return client
        .createContainerCmd(DockerEngine.IMAGE)
        .withLabels(labels)
        .withCmd("sleep", "600")
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
        .exec()
        .getId();
  }

  private static List<String> ids(DockerClient client) {
    return client.listContainersCmd().withShowAll(true).exec().stream()
        .map(c -> c.getId())
        .toList();
  }
}

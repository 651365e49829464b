package dev.kiln.builder.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.testkit.Await;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The instance's limits, network mode and Kiln's labels reach the container the engine runs. */
@ExtendWith(DockerEngineExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ContainerSettingsTest {

  private static final long MIB = 1024 * 1024;

  @TempDir Path workDirectory;

  @Test
  void cpuAndMemoryLimitsNetworkAndLabelsAreAppliedToTheRunningContainer(DockerEngine engine)
      throws Exception {
    Map<String, String> settings = Builds.settings(engine);
    settings.put(DockerSettings.CPUS, "1.5");
    settings.put(DockerSettings.MEMORY, "64");
    TestBuildContext context = new TestBuildContext(workDirectory);
    // cgroup v2 files first, v1 files where the machine has v1.
    BuildRequest request =
        Builds.request(
            "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes\n"
                + "cut -d' ' -f1 /sys/fs/cgroup/cpu.max 2>/dev/null || cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us\n"
                + "echo ready\nsleep 600",
            List.of(),
            Map.of(),
            settings);
    Future<BuildResult> build = Builds.start(request, context);
    try {
      Await.await(Duration.ofSeconds(30), () -> context.lines().contains("ready"));
      Container container = Builds.containersOf(engine, request.buildId()).getFirst();
      InspectContainerResponse inspected =
          engine.client().inspectContainerCmd(container.getId()).exec();

      assertThat(inspected.getHostConfig().getNanoCPUs()).isEqualTo(1_500_000_000L);
      assertThat(inspected.getHostConfig().getMemory()).isEqualTo(64 * MIB);
      assertThat(inspected.getHostConfig().getMemorySwap()).isEqualTo(64 * MIB);
      assertThat(inspected.getHostConfig().getNetworkMode()).isEqualTo("none");
      assertThat(inspected.getConfig().getLabels())
          .containsEntry(ContainerRun.MANAGED_LABEL, "true")
          .containsEntry(ContainerRun.BUILD_ID_LABEL, request.buildId())
          .containsEntry(ContainerRun.PROJECT_LABEL, "test-project");
      assertThat(inspected.getConfig().getWorkingDir()).isEqualTo("/workspace");
      assertThat(context.lines()).startsWith(Long.toString(64 * MIB), "150000", "ready");
    } finally {
      context.cancel();
      build.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutLimitsTheContainerHasNone(DockerEngine engine) throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    BuildRequest request = Builds.request(engine, "echo ready\nsleep 600");
    Future<BuildResult> build = Builds.start(request, context);
    try {
      Await.await(Duration.ofSeconds(30), () -> context.lines().contains("ready"));
      Container container = Builds.containersOf(engine, request.buildId()).getFirst();
      InspectContainerResponse inspected =
          engine.client().inspectContainerCmd(container.getId()).exec();

      assertThat(inspected.getHostConfig().getNanoCPUs()).isIn(null, 0L);
      assertThat(inspected.getHostConfig().getMemory()).isIn(null, 0L);
    } finally {
      context.cancel();
      build.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void hostNetworkModeIsPassedOn(DockerEngine engine) throws Exception {
    Map<String, String> settings = Builds.settings(engine);
    settings.put(DockerSettings.NETWORK, "host");
    TestBuildContext context = new TestBuildContext(workDirectory);

    // In the host's network the container sees the host's loopback and its other interfaces.
    BuildResult result =
        Builds.run(
            Builds.request("ls /sys/class/net | wc -l", List.of(), Map.of(), settings), context);

    assertThat(result.exitCode()).isZero();
    assertThat(Integer.parseInt(context.lines().getFirst().strip())).isGreaterThan(1);
  }
}

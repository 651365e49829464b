package dev.kiln.builder.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.WaitResponse;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the builder adds to a trivial build ({@code true}) over bare docker-java create, start, wait
 * and remove of the same image, measured in the same run, alternating the two so both see the same
 * machine load. Run with {@code ./mvnw -Pbenchmark -pl plugin-api,plugins/docker-builder verify}.
 */
@ExtendWith(DockerEngineExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DockerOverheadBenchmark {

  private static final int WARM_UP = 3;
  private static final int ROUNDS = 30;

  @TempDir Path folder;

  @Test
  void builderOverheadOverBareDockerJava(DockerEngine engine) throws Exception {
    List<Long> bare = new ArrayList<>();
    List<Long> builder = new ArrayList<>();
    for (int i = 0; i < WARM_UP + ROUNDS; i++) {
      long bareNanos = timed(() -> bareRun(engine.client()));
      int round = i;
      long builderNanos = timed(() -> builderRun(engine, round));
      if (i >= WARM_UP) {
        bare.add(bareNanos);
        builder.add(builderNanos);
      }
    }
    double bareMedian = percentile(bare, 50);
    double builderMedian = percentile(builder, 50);
    System.out.printf(
        Locale.ROOT,
        "%nDocker builder overhead, %d rounds of `true` in %s:%n",
        ROUNDS,
        DockerEngine.IMAGE);
    System.out.printf(
        Locale.ROOT,
        "  bare docker-java  median %7.1f ms  p90 %7.1f ms%n",
        bareMedian,
        percentile(bare, 90));
    System.out.printf(
        Locale.ROOT,
        "  Docker builder    median %7.1f ms  p90 %7.1f ms%n",
        builderMedian,
        percentile(builder, 90));
    System.out.printf(
        Locale.ROOT,
        "  overhead          median %+7.1f ms  ratio %.2f%n%n",
        builderMedian - bareMedian,
        builderMedian / bareMedian);
  }

  /** The baseline: what any Docker client must do to run {@code true} and clean up. */
  private static void bareRun(DockerClient client) throws Exception {
    String id =
        client
            .createContainerCmd(DockerEngine.IMAGE)
            .withCmd("true")
            .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
            .exec()
            .getId();
    client.startContainerCmd(id).exec();
    Integer[] code = new Integer[1];
    client
        .waitContainerCmd(id)
        .exec(
            new ResultCallback.Adapter<WaitResponse>() {
              @Override
              public void onNext(WaitResponse response) {
                code[0] = response.getStatusCode();
              }
            })
        .awaitCompletion();
    client.removeContainerCmd(id).withForce(true).exec();
    assertThat(code[0]).isZero();
  }

  private void builderRun(DockerEngine engine, int round) throws Exception {
    Path work = Files.createDirectory(folder.resolve("work-" + round));
    BuildRequest request = Builds.request(engine, "true");
    assertThat(Builds.run(request, new TestBuildContext(work)).exitCode()).isZero();
  }

  private static long timed(Step step) throws Exception {
    long start = System.nanoTime();
    step.run();
    return System.nanoTime() - start;
  }

  private static double percentile(List<Long> nanos, int percent) {
    List<Long> sorted = nanos.stream().sorted().toList();
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }

  private interface Step {
    void run() throws Exception;
  }
}

package dev.kiln.builder.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.WaitResponse;
import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.KilnVariables;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One build in one container: pull as the policy says, create the container with its labels, limits
 * and environment, copy the workspace and script in, start it, follow its log, wait for its exit,
 * copy the artifacts out, and remove it whatever happened.
 */
final class ContainerRun {

  /**
   * Label with the Kiln build id, by which {@link OrphanReaper} finds containers of dead builds.
   */
  static final String BUILD_ID_LABEL = "dev.kiln.build-id";

  /** Label on every container the builder creates. */
  static final String MANAGED_LABEL = "dev.kiln.managed";

  static final String PROJECT_LABEL = "dev.kiln.project";

  /** Exit code reported when cancellation came before the container started, as for a kill. */
  static final int KILLED = 137;

  /** How long the log may lag behind the container's exit before the rest is dropped. */
  private static final long DRAIN_SECONDS = 10;

  private final DockerClient client;
  private final DockerSettings settings;
  private final BuildRequest request;
  private final BuildContext context;
  private final CancelSwitch cancel;
  private String step = "connecting";

  ContainerRun(
      DockerClient client, DockerSettings settings, BuildRequest request, BuildContext context) {
    this.client = client;
    this.settings = settings;
    this.request = request;
    this.context = context;
    this.cancel = new CancelSwitch(client);
  }

  BuildResult run() throws BuildException, InterruptedException {
    ArtifactDownload artifacts = ArtifactDownload.forPatterns(request.artifactPatterns());
    context.cancellation().onRequest(cancel::request);
    try {
      step = "checking the image";
      ImagePolicy.apply(
          client,
          settings.image(),
          settings.pull(),
          settings.engine(),
          context.log(),
          cancel::pulling);
      if (context.cancellation().isRequested()) {
        return BuildResult.exited(KILLED);
      }
      step = "creating the container";
      String id = create();
      try {
        return runIn(id, artifacts);
      } finally {
        remove(id);
      }
    } catch (RuntimeException e) {
      throw new BuildException(
          "The Docker engine at "
              + settings.engine()
              + " failed while "
              + step
              + ": "
              + EngineProblem.describe(e),
          e);
    }
  }

  private BuildResult runIn(String id, ArtifactDownload artifacts)
      throws BuildException, InterruptedException {
    try {
      step = "copying the workspace in";
      WorkspaceUpload.copy(client, id, context.workspace(), request.script());
    } catch (IOException e) {
      throw new BuildException(
          "Could not copy the workspace into the container: " + e.getMessage(), e);
    }
    step = "starting the container";
    if (!cancel.start(id)) {
      return BuildResult.exited(KILLED);
    }
    step = "following the container's log";
    LogLines lines =
        client
            .logContainerCmd(id)
            .withFollowStream(true)
            .withStdOut(true)
            .withStdErr(true)
            .exec(new LogLines(context.log()));
    try {
      step = "waiting for the container to exit";
      int exit = awaitExit(id);
      if (!lines.awaitCompletion(DRAIN_SECONDS, TimeUnit.SECONDS)) {
        context
            .log()
            .notice("The engine did not send the rest of the log within " + DRAIN_SECONDS + " s.");
      }
      lines.finish();
      if (artifacts.wanted() && !context.cancellation().isRequested()) {
        step = "copying the artifacts out";
        int stored = artifacts.copy(client, id, context);
        context
            .log()
            .notice(
                stored == 0
                    ? "No file matched the artifact patterns."
                    : "Stored " + stored + " artifact(s).");
      }
      return BuildResult.exited(exit);
    } catch (IOException e) {
      throw new BuildException("Could not store the artifacts: " + e.getMessage(), e);
    } finally {
      lines.finish();
      closeQuietly(lines);
    }
  }

  private String create() {
    HostConfig host = HostConfig.newHostConfig().withNetworkMode(settings.network());
    if (settings.cpus() != null) {
      host.withNanoCPUs(
          settings.cpus().multiply(BigDecimal.valueOf(1_000_000_000L)).longValueExact());
    }
    if (settings.memoryMib() != null) {
      long bytes = settings.memoryMib() * 1024 * 1024;
      // The same limit for memory and memory plus swap: a build gets no swap beyond its limit.
      host.withMemory(bytes).withMemorySwap(bytes);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_LABEL, "true");
    labels.put(BUILD_ID_LABEL, request.buildId());
    if (request.projectName() != null) {
      labels.put(PROJECT_LABEL, request.projectName());
    }
    return client
        .createContainerCmd(settings.image())
        .withLabels(labels)
        .withEnv(environment())
        .withWorkingDir(WorkspaceUpload.WORKSPACE)
        .withEntrypoint("bash")
        .withCmd("--noprofile", "--norc", "-eo", "pipefail", WorkspaceUpload.SCRIPT)
        .withTty(false)
        .withHostConfig(host)
        .exec()
        .getId();
  }

  private List<String> environment() {
    Map<String, String> env = new LinkedHashMap<>(request.environment());
    env.putAll(KilnVariables.of(request));
    env.put("KILN_WORKSPACE", WorkspaceUpload.WORKSPACE);
    List<String> entries = new ArrayList<>();
    env.forEach((name, value) -> entries.add(name + "=" + value));
    return entries;
  }

  private int awaitExit(String id) throws InterruptedException {
    ExitCode exit = client.waitContainerCmd(id).exec(new ExitCode());
    exit.awaitCompletion();
    if (exit.code == null) {
      throw new IllegalStateException("the engine ended the wait without an exit code");
    }
    return exit.code;
  }

  /**
   * Removes the container, also after a failure or a cancel; what fails here the reaper removes
   * later.
   */
  private void remove(String id) {
    try {
      client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (RuntimeException e) {
      context
          .log()
          .notice(
              "Could not remove container "
                  + id.substring(0, 12)
                  + " ("
                  + EngineProblem.describe(e)
                  + "); Kiln removes it later.");
    }
  }

  private static void closeQuietly(ResultCallback<?> callback) {
    try {
      callback.close();
    } catch (IOException e) {
      // Only ends a finished stream.
    }
  }

  /** Receives the container's exit code from the engine's wait. */
  private static final class ExitCode extends ResultCallback.Adapter<WaitResponse> {

    private volatile Integer code;

    @Override
    public void onNext(WaitResponse response) {
      code = response.getStatusCode();
    }
  }
}

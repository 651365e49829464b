package dev.kiln.portal.build;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.EnvironmentPolicy;
import dev.kiln.plugin.api.Source;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.build.domain.Build;
import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginCalls;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.secret.MissingSecretsException;
import dev.kiln.portal.storage.BlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Hands one running build to its builder plugin, on a thread of its own, and judges how it ended:
 * whatever the plugin does or throws becomes an {@link Outcome}.
 */
@Component
class BuilderCall {

  /** The folder of the work folder that {@code BuildContext.workspace()} names. */
  static final String WORKSPACE = "workspace";

  private final PluginHost plugins;
  private final BuildSecrets secrets;
  private final SourceStep sources;
  private final BuildService builds;
  private final BlobStore store;
  private final BuilderThreads threads;
  private final String node;
  private final Clock clock;

  BuilderCall(
      PluginHost plugins,
      BuildSecrets secrets,
      SourceStep sources,
      BuildService builds,
      BlobStore store,
      BuilderThreads threads,
      NodeProperties node,
      Clock clock) {
    this.plugins = plugins;
    this.secrets = secrets;
    this.sources = sources;
    this.builds = builds;
    this.store = store;
    this.threads = threads;
    this.node = node.name();
    this.clock = clock;
  }

  Outcome run(Build build, BuildInfo info, LogWriter log, CancellationToken token, Path work) {
    BuilderEntry builder = plugins.builder(info.builderId()).orElse(null);
    if (builder == null) {
      return Outcome.error(
          "The builder '" + info.builderId() + "' is not installed on node " + node + ".");
    }
    if (!builder.isAvailable()) {
      return Outcome.error(builder.unavailableReason());
    }
    BuildSecrets.Opened opened;
    try {
      opened = secrets.open(build, info, builder);
    } catch (MissingSecretsException e) {
      return Outcome.error(e.getMessage());
    } catch (RuntimeException e) {
      return Outcome.error(
          "The build's secrets could not be opened on node " + node + ": " + e.getMessage());
    }
    secrets.audit(info, opened);
    // Before anything else is written, since even the builder's notices might quote a value.
    // One call: each replaces what the log masks.
    log.mask(opened.values());
    if (opened.notice() != null) {
      log.kilnNotice(opened.notice());
    }
    log.kilnNotice(
        "Build #"
            + info.number()
            + " of "
            + info.projectName()
            + " on node "
            + node
            + " with the "
            + builder.descriptor().name()
            + " builder; timeout "
            + Formats.duration(info.timeout())
            + ".");
    try {
      Files.createDirectories(work);
      Source source;
      try {
        source =
            sources.prepare(
                build, info.id(), opened.credential(), log, token, work.resolve(WORKSPACE));
      } catch (CheckoutException e) {
        return Outcome.error(e.getMessage());
      }
      // Parameters from the trigger, then the secrets: a secret is never replaced by a parameter.
      Map<String, String> environment = new LinkedHashMap<>(build.getParameters());
      environment.putAll(opened.environment());
      var request =
          new BuildRequest(
              String.valueOf(info.id()),
              info.projectName(),
              build.getScript(),
              build.getArtifactPatterns(),
              environment,
              info.timeout(),
              opened.settings(),
              Parameters.declared(build.getParameters()),
              info.number(),
              source);
      // Triggers were checked when queued; this catches what was queued or named before the rules
      // (a retry of an old build, a secret named LD_PRELOAD) whatever the builder does.
      EnvironmentPolicy.check(request);
      BuildResult result;
      // The builder runs on a thread of its own; what it was given goes dead when run returns.
      try (var context =
          new RunContext(
              info.id(),
              log,
              new ArtifactRecorder(info.id(), store, builds, log),
              token,
              work,
              clock)) {
        result = threads.run(info.id(), token, () -> builder.builder().run(request, context));
      }
      return result == null
          ? Outcome.error(
              "The " + builder.descriptor().name() + " builder returned no result (null).")
          : Outcome.judge(token, info.timeout(), result.exitCode());
    } catch (BuildException e) {
      return token.isRequested()
          ? Outcome.judge(token, info.timeout(), null)
          : Outcome.error(e.getMessage());
    } catch (BuilderThreads.Abandoned e) {
      Outcome stopped = Outcome.judge(token, info.timeout(), null);
      return new Outcome(stopped.state(), stopped.reason() + " " + e.getMessage(), null);
    } catch (InterruptedException e) {
      if (token.isRequested()) {
        // it stopped once interrupted after the grace period
        return Outcome.judge(token, info.timeout(), null);
      }
      Thread.currentThread().interrupt();
      return Outcome.error("The build was interrupted: node " + node + " is shutting down.");
    } catch (IOException e) {
      return Outcome.error(
          "Could not prepare the build's folder on node " + node + ": " + e.getMessage());
    } catch (RuntimeException
        | Error e) { // thrown on the builder's own thread, so even an Error is safe to catch
      log.kilnNotice("The builder failed: " + e);
      return Outcome.error(
          "The "
              + builder.descriptor().name()
              + " builder failed unexpectedly: "
              + PluginCalls.reason(e));
    }
  }
}

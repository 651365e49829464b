package dev.kiln.portal.build;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.EnvironmentPolicy;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.build.BuildService.Outcome;
import dev.kiln.portal.build.domain.Build;
import dev.kiln.portal.build.domain.BuildRepository;
import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.node.NodeRegistry;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginCalls;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.plugin.SettingsCodec;
import dev.kiln.portal.secret.MissingSecretsException;
import dev.kiln.portal.secret.SecretVault;
import dev.kiln.portal.storage.BlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Runs one build on this node through its builder plugin, from QUEUED to a final state. */
@Component
class BuildExecutor {

  private static final Logger log = LoggerFactory.getLogger(BuildExecutor.class);

  /** How long a build's end is retried while the database is unreachable. */
  private static final Duration FINISH_RETRIES = Duration.ofMinutes(5);

  private final BuildRepository repository;
  private final BuildClaims claims;
  private final NodeRegistry registry;
  private final BuildService builds;
  private final PluginHost plugins;
  private final SettingsCodec settings;
  private final BuildLogs logs;
  private final RunningBuilds running;
  private final BuildEvents events;
  private final BlobStore store;
  private final WorkFolders workFolders;
  private final SecretVault vault;
  private final AuditLog audit;
  private final BuilderThreads threads;
  private final String node;
  private final Clock clock;

  BuildExecutor(
      BuildRepository repository,
      BuildClaims claims,
      NodeRegistry registry,
      BuildService builds,
      PluginHost plugins,
      SettingsCodec settings,
      BuildLogs logs,
      RunningBuilds running,
      BuildEvents events,
      BlobStore store,
      WorkFolders workFolders,
      SecretVault vault,
      AuditLog audit,
      BuilderThreads threads,
      NodeProperties node,
      Clock clock) {
    this.repository = repository;
    this.claims = claims;
    this.registry = registry;
    this.builds = builds;
    this.plugins = plugins;
    this.settings = settings;
    this.logs = logs;
    this.running = running;
    this.events = events;
    this.store = store;
    this.workFolders = workFolders;
    this.vault = vault;
    this.audit = audit;
    this.threads = threads;
    this.node = node.name();
    this.clock = clock;
  }

  void execute(long buildId) {
    if (claims.claim(buildId, node) != BuildClaims.Claim.RUNNING) {
      return; // cancelled before it started, deleted, or waiting for its instance's limit
    }
    Build build = repository.findById(buildId).orElse(null);
    if (build == null) {
      return;
    }
    events.publish(buildId, BuildEvents.Kind.STATE);
    BuildInfo info = build.toInfo();
    Path work = workFolders.of(buildId);
    Outcome outcome = new Outcome(BuildState.ERROR, "Kiln failed while running the build.", null);
    try (LogWriter log = logs.open(buildId);
        var registration = running.start(buildId, info.timeout())) {
      outcome = run(build, info, log, registration.token(), work);
      // A builder's error message may quote a secret; the reason is stored and shown outside the
      // log.
      outcome = new Outcome(outcome.state(), log.masked(outcome.reason()), outcome.exitCode());
      log.kilnNotice(outcome.reason());
    } catch (Throwable e) { // even an Error in a plugin must not leave the build RUNNING
      log.error("Build {} failed inside Kiln", buildId, e);
      if (outcome.state() == BuildState.ERROR) {
        outcome = new Outcome(BuildState.ERROR, "Kiln failed while running the build: " + e, null);
      }
    } finally {
      // The end is recorded first: nothing the removal of the folder meets may keep a build
      // RUNNING.
      finish(buildId, outcome);
      releaseWaiting(build.getBuilderInstanceId());
      workFolders.delete(work);
    }
  }

  /**
   * Takes over a build whose node died: Quartz fires its job again here. A build that had not
   * started runs now; one that was running is lost, and runs again as a new attempt if its project
   * allows.
   */
  void recover(long buildId) {
    BuildInfo build = repository.findById(buildId).map(Build::toInfo).orElse(null);
    if (build == null) {
      return;
    }
    if (build.state() == BuildState.QUEUED) {
      execute(buildId);
    } else if (build.state() == BuildState.RUNNING
        && !running.isRunning(buildId)
        && !stillAlive(build.node())) {
      lost(
          build,
          node.equals(build.node())
              ? restarted(node)
              : "Lost: node "
                  + build.node()
                  + " stopped answering while it ran this build (noticed by node "
                  + node
                  + ").");
    }
  }

  /**
   * Quartz takes a node for dead when it misses its check-ins, which a database outage also causes;
   * the build is taken over only when its node has stopped checking in to Kiln too.
   */
  private boolean stillAlive(String other) {
    if (node.equals(other)) {
      return false; // this node restarted: the build cannot run here any more
    }
    try {
      if (registry.checksIn(other, NodeRegistry.CHECK_IN.multipliedBy(3))) {
        log.info(
            "Quartz took node {} for dead, but it still checks in: its builds stay with it", other);
        return true;
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Why a build was lost when its node restarted. */
  static String restarted(String node) {
    return "Lost: node " + node + " restarted while it ran this build.";
  }

  /** Marks a build lost with its node, and queues its next attempt when the project allows one. */
  void lost(BuildInfo build, String reason) {
    var retry = claims.markLost(build.id(), build.node(), reason);
    log.warn(
        "Build {} ({} #{}) was lost with node {}{}",
        build.id(),
        build.projectName(),
        build.number(),
        build.node(),
        retry.map(id -> "; it runs again as build " + id).orElse(""));
    events.publish(build.id(), BuildEvents.Kind.STATE);
  }

  private void releaseWaiting(Long instanceId) {
    try {
      claims.releaseWaiting(instanceId);
    } catch (RuntimeException e) {
      log.warn(
          "Could not start a build waiting for instance {}; the queue sweep will: {}",
          instanceId,
          e.getMessage());
    }
  }

  /**
   * Records the final state, retrying through a database outage (a PostgreSQL restart or fail-over
   * takes seconds to minutes): given up sooner, the build would stay RUNNING until this node
   * restarts.
   */
  private void finish(long buildId, Outcome outcome) {
    long deadline = System.nanoTime() + FINISH_RETRIES.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        builds.finish(buildId, outcome);
        events.publish(buildId, BuildEvents.Kind.STATE);
        if (attempt > 1) {
          log.info("Recorded the end of build {} after {} attempts", buildId, attempt);
        }
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          log.error(
              "Could not record the end of build {}; it stays RUNNING until this node restarts",
              buildId,
              e);
          return;
        }
        log.warn("Recording the end of build {} failed ({}); retrying", buildId, e.getMessage());
        try {
          Thread.sleep(1000L * Math.min(attempt, 5));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private Outcome run(
      Build build, BuildInfo info, LogWriter log, CancellationToken token, Path work) {
    BuilderEntry builder = plugins.builder(info.builderId()).orElse(null);
    if (builder == null) {
      return error("The builder '" + info.builderId() + "' is not installed on node " + node + ".");
    }
    if (!builder.isAvailable()) {
      return error(builder.unavailableReason());
    }
    Map<String, String> secrets;
    BuilderSettings builderSettings;
    try {
      secrets =
          build.getSecretNames().isEmpty()
              ? Map.of()
              : vault.open(info.projectId(), build.getSecretNames());
      builderSettings = settings.settings(build.getSettingsJson());
      builderSettings =
          builderSettings.withSecrets(openReferences(builder, info.projectId(), builderSettings));
    } catch (MissingSecretsException e) {
      return error(e.getMessage());
    } catch (RuntimeException e) {
      return error(
          "The build's secrets could not be opened on node " + node + ": " + e.getMessage());
    }
    if (!secrets.isEmpty() || !builderSettings.secrets().isEmpty()) {
      var names = new TreeSet<>(secrets.keySet());
      for (String key : builderSettings.secrets().keySet()) {
        names.add(builderSettings.get(key).orElse(key));
      }
      audit.record(
          AuditEvent.of(
                  AuditAction.SECRET_USED,
                  "build",
                  info.id(),
                  info.projectName() + " #" + info.number())
              .inProject(info.projectId())
              .detail(
                  "secrets " + String.join(", ", names) + "; triggered by " + info.triggeredBy()));
    }
    // Before anything else is written, since even the builder's notices might quote a value.
    // One call: each replaces what the log masks.
    List<String> values = new ArrayList<>(secrets.values());
    values.addAll(builderSettings.secrets().values());
    log.mask(values);
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
      // Parameters from the trigger, then the secrets: a secret is never replaced by a parameter.
      Map<String, String> environment = new LinkedHashMap<>(build.getParameters());
      environment.putAll(secrets);
      var request =
          new BuildRequest(
              String.valueOf(info.id()),
              info.projectName(),
              build.getScript(),
              build.getArtifactPatterns(),
              environment,
              info.timeout(),
              builderSettings,
              Parameters.declared(build.getParameters()));
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
          ? error("The " + builder.descriptor().name() + " builder returned no result (null).")
          : judge(token, info, result.exitCode());
    } catch (BuildException e) {
      return token.isRequested() ? judge(token, info, null) : error(e.getMessage());
    } catch (BuilderThreads.Abandoned e) {
      Outcome stopped = judge(token, info, null);
      return new Outcome(stopped.state(), stopped.reason() + " " + e.getMessage(), null);
    } catch (InterruptedException e) {
      if (token.isRequested()) {
        return judge(token, info, null); // it stopped once interrupted after the grace period
      }
      Thread.currentThread().interrupt();
      return error("The build was interrupted: node " + node + " is shutting down.");
    } catch (IOException e) {
      return error("Could not prepare the build's folder on node " + node + ": " + e.getMessage());
    } catch (RuntimeException
        | Error e) { // thrown on the builder's own thread, so even an Error is safe to catch
      log.kilnNotice("The builder failed: " + e);
      return error(
          "The "
              + builder.descriptor().name()
              + " builder failed unexpectedly: "
              + PluginCalls.reason(e));
    }
  }

  /**
   * Opens the secrets the builder's settings name, by setting key: an instance's setting names a
   * global secret (the admin chose it), a project's a secret of the project or a global one.
   */
  private Map<String, String> openReferences(
      BuilderEntry builder, long projectId, BuilderSettings values) {
    Map<String, String> opened = new LinkedHashMap<>();
    for (SettingField field : builder.descriptor().settings()) {
      String name = values.get(field.key()).orElse(null);
      if (field.type() != SettingField.FieldType.SECRET_REF || name == null) {
        continue;
      }
      Map<String, String> value =
          field.scope() == SettingField.Scope.INSTANCE
              ? vault.openGlobal(List.of(name))
              : vault.open(projectId, List.of(name));
      opened.put(field.key(), value.get(name));
    }
    return opened;
  }

  private static Outcome judge(CancellationToken token, BuildInfo info, Integer exitCode) {
    if (token.cancelledBy() != null) {
      return new Outcome(
          BuildState.CANCELLED, "Cancelled by " + token.cancelledBy() + ".", exitCode);
    }
    if (token.timedOut()) {
      return new Outcome(
          BuildState.TIMED_OUT,
          "Stopped: the build ran longer than its timeout of "
              + Formats.duration(info.timeout())
              + ".",
          exitCode);
    }
    if (exitCode == null) {
      return error("The builder stopped without an exit code.");
    }
    return exitCode == 0
        ? new Outcome(BuildState.SUCCEEDED, "The script exited with code 0.", 0)
        : new Outcome(BuildState.FAILED, "The script exited with code " + exitCode + ".", exitCode);
  }

  private static Outcome error(String reason) {
    return new Outcome(BuildState.ERROR, reason, null);
  }
}

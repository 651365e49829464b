package dev.kiln.builder.local;

import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.Builder;
import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.EnvironmentPolicy;
import dev.kiln.plugin.api.KilnVariables;
import dev.kiln.plugin.api.LogSink;
import dev.kiln.plugin.api.NodeContext;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.FieldType;
import dev.kiln.plugin.api.SettingProblem;
import dev.kiln.plugin.support.ArtifactCollector;
import dev.kiln.plugin.support.LineSplitter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.pf4j.Extension;

/**
 * Runs the script with bash in a fresh workspace on the Kiln host, in a bubblewrap sandbox that
 * keeps it from Kiln's files and processes ({@link SandboxCommand}), with a clean environment.
 * Without bubblewrap it is unavailable, unless the admin turned the sandbox off.
 */
@Extension
public class LocalBuilder implements Builder {

  static final String GRACE = "kill-grace-seconds";
  private static final int MAX_GRACE = 999;
  static final String SANDBOXED =
      "Runs the script with bash on the Kiln host, in a bubblewrap sandbox: the system"
          + " folders read-only, only its workspace and a private /tmp writable, no other process and none of Kiln's"
          + " files (data folder, keys, database password) in sight, and an unprivileged user when Kiln runs as root."
          + " It shares the host's network, CPU and memory: a script can reach services on the host and the network,"
          + " and exhaust the machine until its timeout.";
  static final String UNSANDBOXED =
      "Runs the script with bash on the Kiln host itself WITHOUT a sandbox (turned"
          + " off on this node): it can do anything Kiln's own user can, such as read Kiln's keys and database"
          + " password. Use it only on a machine you trust with every project's script.";
  static final String OFF_NOTICE =
      "The sandbox is turned off on this node (KILN_LOCAL_SANDBOX=off): the script"
          + " runs with Kiln's own rights.";

  /** How long to wait for the rest of the output once the script's processes are gone. */
  private static final Duration DRAIN = Duration.ofSeconds(5);

  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private volatile NodeContext node = NodeContext.unknown();
  private volatile SandboxSetup setup;

  @Override
  public void attach(NodeContext node) {
    this.node = node;
    this.setup = null;
  }

  @Override
  public BuilderDescriptor describe() {
    SandboxSetup sandbox = setup();
    return new BuilderDescriptor(
        "local",
        "Local shell",
        sandbox.off() ? UNSANDBOXED : SANDBOXED,
        List.of(
            SettingField.optional(
                    GRACE,
                    "Seconds to stop",
                    FieldType.NUMBER,
                    "5",
                    "On cancel or timeout, processes get SIGTERM, then SIGKILL after this many seconds.")
                .withRange(0, MAX_GRACE)),
        sandbox.problem());
  }

  @Override
  public List<SettingProblem> validate(BuilderSettings settings) {
    // Kiln checks the schema's range first; this answers for settings given some other way.
    try {
      int grace = settings.getInt(GRACE).orElse(0);
      if (grace >= 0 && grace <= MAX_GRACE) {
        return List.of();
      }
    } catch (IllegalArgumentException notANumber) {
      // reported below, in the form's words
    }
    return List.of(
        new SettingProblem(GRACE, "Give a whole number of seconds from 0 to " + MAX_GRACE + "."));
  }

  @Override
  public BuildResult run(BuildRequest request, BuildContext context)
      throws BuildException, InterruptedException {
    SandboxSetup sandbox = setup();
    if (sandbox.problem() != null) {
      throw new BuildException(
          sandbox.problem()); // never run unsandboxed because the sandbox failed
    }
    Workspace files = Workspace.prepare(context, request.script(), sandbox.user());
    Duration grace =
        request.settings().getDuration(GRACE, ChronoUnit.SECONDS).orElse(Duration.ofSeconds(5));
    // Refused before anything starts: what could change how bash, bwrap or the loader run.
    Map<String, String> given = EnvironmentPolicy.check(request);
    ArtifactCollector artifacts =
        ArtifactCollector.forPatterns(files.workspace(), request.artifactPatterns());
    RunningScript script;
    try {
      if (sandbox.off()) {
        context.log().notice(OFF_NOTICE);
        script =
            UnsandboxedScript.start(
                files.script(), files.workspace(), environment(given, request, files.workspace()));
      } else {
        script =
            SandboxedScript.start(
                sandbox.command(),
                context.workDirectory(),
                files.workspace(),
                files.script(),
                environment(given, request, Path.of(SandboxCommand.WORKSPACE)));
      }
    } catch (IOException e) {
      throw new BuildException(
          "Could not start bash" + (sandbox.off() ? "" : " in its sandbox") + ": " + e.getMessage(),
          e);
    }
    context.cancellation().onRequest(() -> script.stop(grace));
    LogGate log = new LogGate(context.log());
    try {
      Process process = script.process();
      Thread out = LineSplitter.pump(process.getInputStream(), log, "stdout-" + request.buildId());
      Thread err = LineSplitter.pump(process.getErrorStream(), log, "stderr-" + request.buildId());
      int exit = process.waitFor();
      long leftovers = script.finish();
      // Without the sandbox, a process that left the group may still hold the output: wait only so
      // long.
      long deadline = System.nanoTime() + DRAIN.toNanos();
      out.join(remaining(deadline));
      err.join(remaining(deadline));
      log.close();
      if (out.isAlive() || err.isAlive()) {
        context
            .log()
            .notice(
                "A process the script started outside its process group still holds"
                    + " the output open; its further output is not shown.");
      }
      if (leftovers > 0) {
        context
            .log()
            .notice("Killed " + leftovers + " leftover process" + (leftovers == 1 ? "." : "es."));
      }
      if (!context.cancellation().isRequested()) {
        artifacts.collect(context);
      }
      return BuildResult.exited(exit);
    } catch (IOException e) {
      throw new BuildException("Could not store artifacts: " + e.getMessage(), e);
    } finally {
      log.close();
      script.finish();
    }
  }

  /** The request's variables (already checked), then the builder's own, which win. */
  private static Map<String, String> environment(
      Map<String, String> given, BuildRequest request, Path workspace) {
    Map<String, String> env = new HashMap<>(given);
    env.put("PATH", PATH);
    env.put("HOME", workspace.toString());
    env.put("LANG", "C.UTF-8");
    env.putAll(KilnVariables.of(request));
    env.put("KILN_WORKSPACE", workspace.toString());
    return env;
  }

  private synchronized SandboxSetup setup() {
    if (setup == null) {
      setup = SandboxSetup.of(node);
    }
    return setup;
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
  }

  /** Passes lines to the log until closed: the context is not valid after run() returns. */
  private static final class LogGate implements Consumer<String> {

    private final LogSink log;
    private boolean open = true;

    LogGate(LogSink log) {
      this.log = log;
    }

    @Override
    public synchronized void accept(String line) {
      if (open) {
        log.line(line);
      }
    }

    synchronized void close() {
      open = false;
    }
  }
}

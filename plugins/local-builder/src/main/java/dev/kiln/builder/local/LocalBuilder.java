package dev.kiln.builder.local;

import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.Builder;
import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.EnvironmentPolicy;
import dev.kiln.plugin.api.LogSink;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.FieldType;
import dev.kiln.plugin.api.SettingProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.pf4j.Extension;

/**
 * Runs the script with bash in a fresh workspace on the Kiln host itself, with a clean
 * environment. Meant for trying Kiln on one trusted machine: the script can do anything the Kiln
 * process's user can.
 */
@Extension
public class LocalBuilder implements Builder {

  static final String GRACE = "kill-grace-seconds";
  /**
   * Starts the script in its own session, with a watchdog beside it in the same process group: if
   * the Kiln JVM dies (killed, out of memory), nothing would stop the script, so the watchdog, which
   * polls the JVM's pid ($1), kills the whole group itself. The script ($2) replaces the starting
   * shell, so its pid stays the group's id and its exit code is the process's.
   */
  static final String WATCHDOG = "(while kill -0 \"$1\" 2>/dev/null; do sleep 2; done; kill -KILL 0)"
      + " </dev/null >/dev/null 2>&1 & exec bash --noprofile --norc -eo pipefail \"$2\"";

  /** How long to wait for the rest of the output once the script's process group is gone. */
  private static final Duration DRAIN = Duration.ofSeconds(5);
  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  @Override
  public BuilderDescriptor describe() {
    return BuilderDescriptor.available(
        "local",
        "Local shell",
        "Runs the script with bash in a fresh folder on the Kiln host itself, as the user Kiln runs"
            + " as. Use it only on a machine you trust with every project's script.",
        List.of(
            SettingField.optional(
                GRACE,
                "Seconds to stop",
                FieldType.NUMBER,
                "5",
                "On cancel or timeout, processes get SIGTERM, then SIGKILL after this many seconds.")));
  }

  @Override
  public List<SettingProblem> validate(BuilderSettings settings) {
    return settings
        .get(GRACE)
        .filter(v -> !v.matches("\\d{1,3}"))
        .map(v -> List.of(new SettingProblem(GRACE, "Give a whole number of seconds from 0 to 999.")))
        .orElse(List.of());
  }

  @Override
  public BuildResult run(BuildRequest request, BuildContext context)
      throws BuildException, InterruptedException {
    Path workspace = context.workDirectory().resolve("workspace");
    Path script = context.workDirectory().resolve("build.sh");
    try {
      Files.createDirectories(workspace);
      Files.writeString(script, request.script());
    } catch (IOException e) {
      throw new BuildException("Could not prepare the workspace: " + e.getMessage(), e);
    }
    Duration grace = Duration.ofSeconds(Long.parseLong(request.settings().get(GRACE).orElse("5")));
    ArtifactCollector artifacts = ArtifactCollector.forPatterns(workspace, request.artifactPatterns());

    ProcessBuilder command =
        new ProcessBuilder("setsid", "bash", "--noprofile", "--norc", "-c", WATCHDOG, "kiln-build",
                Long.toString(ProcessHandle.current().pid()), script.toString())
            .directory(workspace.toFile());
    Map<String, String> env = command.environment();
    env.clear();
    // Refuses what could change how bash, setsid or the loader run; Kiln's own variables come after.
    env.putAll(EnvironmentPolicy.check(request));
    env.put("PATH", PATH);
    env.put("HOME", workspace.toString());
    env.put("LANG", "C.UTF-8");
    env.put("KILN_BUILD_ID", request.buildId());
    env.put("KILN_WORKSPACE", workspace.toString());

    Process process;
    try {
      process = command.start();
    } catch (IOException e) {
      throw new BuildException("Could not start bash (setsid and bash must be installed): " + e.getMessage(), e);
    }
    ProcessGroup group = new ProcessGroup(process, "KILN_WORKSPACE=" + workspace);
    context.cancellation().onRequest(() -> group.stop(grace));
    LogGate log = new LogGate(context.log());
    try {
      Thread out = LineSplitter.pump(process.getInputStream(), log, "stdout-" + request.buildId());
      Thread err = LineSplitter.pump(process.getErrorStream(), log, "stderr-" + request.buildId());
      int exit = process.waitFor();
      // Background processes the script left behind hold the pipes open; they die with the group.
      group.stop(Duration.ZERO);
      // One that left the group (setsid, double fork) may still hold them: wait only so long.
      long deadline = System.nanoTime() + DRAIN.toNanos();
      out.join(remaining(deadline));
      err.join(remaining(deadline));
      log.close();
      if (out.isAlive() || err.isAlive()) {
        context.log().notice("A process the script started outside its process group still holds"
            + " the output open; its further output is not shown.");
      }
      if (!context.cancellation().isRequested()) {
        artifacts.collect(context);
      }
      return BuildResult.exited(exit);
    } catch (IOException e) {
      throw new BuildException("Could not store artifacts: " + e.getMessage(), e);
    } finally {
      log.close();
      group.stop(Duration.ZERO);
    }
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

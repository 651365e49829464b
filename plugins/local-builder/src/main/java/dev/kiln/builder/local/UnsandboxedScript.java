package dev.kiln.builder.local;

import dev.kiln.plugin.support.ProcessGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A script run without the sandbox (the admin turned it off), in a {@link ProcessGroup}: stopped
 * with SIGTERM then SIGKILL, with what it started, found by its process group and its workspace.
 */
final class UnsandboxedScript implements RunningScript {

  private final ProcessGroup group;

  private UnsandboxedScript(ProcessGroup group) {
    this.group = group;
  }

  /** Starts {@code script} in {@code workspace} with exactly {@code environment}. */
  static UnsandboxedScript start(Path script, Path workspace, Map<String, String> environment)
      throws IOException {
    return new UnsandboxedScript(ProcessGroup.startScript(script, workspace, environment));
  }

  @Override
  public Process process() {
    return group.process();
  }

  @Override
  public void stop(Duration grace) {
    group.stop(grace);
  }

  /**
   * Kills what the script left; the count is always 0: without the sandbox there is no telling the
   * script's processes (the watchdog among them) from the rest of the machine's well enough to
   * count.
   */
  @Override
  public long finish() {
    group.killRemaining();
    return 0;
  }
}

package dev.kiln.builder.local;

import java.time.Duration;

/** A build's script while it runs, with every process it starts. */
interface RunningScript {

  /** The script's process: its output streams and its exit. */
  Process process();

  /**
   * Stops the script and everything it started: SIGTERM, then SIGKILL to whatever is left after
   * {@code grace}. Called on cancel or timeout, from any thread.
   */
  void stop(Duration grace);

  /**
   * Once the script's process has exited: kills every process it left behind and tells how many
   * there were (0 when it left none).
   */
  long finish();
}

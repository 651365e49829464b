package dev.kiln.portal.build;

import dev.kiln.portal.base.Formats;
import java.time.Duration;

/** How a build ended: its final state, the reason shown for it, and the script's exit code. */
record Outcome(BuildState state, String reason, Integer exitCode) {

  static Outcome error(String reason) {
    return new Outcome(BuildState.ERROR, reason, null);
  }

  /** The end of a build whose builder returned or stopped: cancelled, timed out, or its exit. */
  static Outcome judge(CancellationToken token, Duration timeout, Integer exitCode) {
    if (token.cancelledBy() != null) {
      return new Outcome(
          BuildState.CANCELLED, "Cancelled by " + token.cancelledBy() + ".", exitCode);
    }
    if (token.timedOut()) {
      return new Outcome(
          BuildState.TIMED_OUT,
          "Stopped: the build ran longer than its timeout of " + Formats.duration(timeout) + ".",
          exitCode);
    }
    if (exitCode == null) {
      return error("The builder stopped without an exit code.");
    }
    return exitCode == 0
        ? new Outcome(BuildState.SUCCEEDED, "The script exited with code 0.", 0)
        : new Outcome(BuildState.FAILED, "The script exited with code " + exitCode + ".", exitCode);
  }
}

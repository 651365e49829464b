package dev.kiln.builder.gha;

/**
 * Turns a completed run's conclusion into the exit code Kiln records. Only {@code success} and
 * {@code neutral} count as success; the codes for the rest follow shell conventions.
 */
final class Conclusions {

  /** The exit code of a run Kiln cancelled, as for a script stopped by an interrupt. */
  static final int CANCELLED = 130;

  /** The exit code of a run GitHub stopped at its time limit, as {@code timeout(1)} uses. */
  static final int TIMED_OUT = 124;

  private Conclusions() {}

  /** 0 for success and neutral, 130 for cancelled, 124 for timed out, 1 for everything else. */
  static int exitCode(String conclusion) {
    return switch (conclusion == null ? "" : conclusion) {
      case "success", "neutral" -> 0;
      case "cancelled" -> CANCELLED;
      case "timed_out" -> TIMED_OUT;
      default -> 1; // failure, startup_failure, action_required, stale, skipped, or none
    };
  }
}

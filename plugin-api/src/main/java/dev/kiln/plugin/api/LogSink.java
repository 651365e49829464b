package dev.kiln.plugin.api;

/**
 * Receives a build's output as it is produced. Kiln stores it in the build log and shows it live.
 * Implementations are thread-safe (stdout and stderr may be read on two threads) and never block
 * for long: Kiln buffers and flushes in the background, and drops output beyond the per-build log
 * limit with a visible notice.
 *
 * @since 1.0
 */
@Stable
public interface LogSink {

  /** Appends one line of the script's output, without its line terminator. */
  void line(String text);

  /**
   * Appends a line from the builder itself (for example "pulling image"), shown apart from the
   * script's own output.
   */
  void notice(String text);
}

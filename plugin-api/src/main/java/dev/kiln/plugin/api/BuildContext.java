package dev.kiln.plugin.api;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What Kiln gives a builder for the duration of one {@link Builder#run} call. Valid only during
 * that call.
 *
 * @since 1.0
 */
@Stable
public interface BuildContext {

  /** Where the build's output goes, line by line. */
  LogSink log();

  /** Where the build's artifacts go. */
  ArtifactSink artifacts();

  /** Tells the builder when to stop: the user cancelled, or the timeout is over. */
  Cancellation cancellation();

  /**
   * A fresh, empty folder on this node that belongs to this build alone and is deleted after it.
   * Builders that run elsewhere use it for staging files.
   */
  Path workDirectory();

  /** The clock to read time from, so tests can control it. */
  Clock clock();
}

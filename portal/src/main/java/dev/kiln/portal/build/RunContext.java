package dev.kiln.portal.build;

import dev.kiln.plugin.api.ArtifactSink;
import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.Cancellation;
import dev.kiln.plugin.api.LogSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a builder gets for one {@code run} call, going dead when Kiln closes it at the end of the
 * call, as the API says: a thread the plugin left behind may keep calling it, but its log lines are
 * dropped, artifacts are refused with an exception, and its cancellation reads as requested so that
 * the thread has a reason to stop. Nothing it does reaches the build any more, nor the next one.
 */
final class RunContext implements BuildContext, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunContext.class);

  private final long buildId;
  private final LogSink logSink;
  private final ArtifactSink artifactSink;
  private final Cancellation cancellation;
  private final Path workDirectory;
  private final Clock clock;
  private volatile boolean ended;
  private final AtomicBoolean lateWriteReported = new AtomicBoolean();

  RunContext(
      long buildId,
      LogSink buildLog,
      ArtifactSink store,
      Cancellation stop,
      Path work,
      Clock clock) {
    this.buildId = buildId;
    this.workDirectory = work;
    this.clock = clock;
    this.logSink =
        new LogSink() {
          @Override
          public void line(String text) {
            if (isOpen()) {
              buildLog.line(text);
            }
          }

          @Override
          public void notice(String text) {
            if (isOpen()) {
              buildLog.notice(text);
            }
          }
        };
    this.artifactSink =
        (path, size, content) -> {
          if (!isOpen()) {
            throw new IOException(
                "build " + buildId + " has ended: artifacts must be stored before run returns");
          }
          store.store(path, size, content);
        };
    this.cancellation =
        new Cancellation() {
          @Override
          public boolean isRequested() {
            return ended || stop.isRequested();
          }

          @Override
          public void onRequest(Runnable action) {
            if (ended) {
              action.run();
            } else {
              stop.onRequest(action);
            }
          }
        };
  }

  @Override
  public LogSink log() {
    return logSink;
  }

  @Override
  public ArtifactSink artifacts() {
    return artifactSink;
  }

  @Override
  public Cancellation cancellation() {
    return cancellation;
  }

  @Override
  public Path workDirectory() {
    return workDirectory;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /** Ends the call: from now on the builder's writes are ignored or refused. */
  @Override
  public void close() {
    ended = true;
  }

  private boolean isOpen() {
    if (!ended) {
      return true;
    }
    if (lateWriteReported.compareAndSet(false, true)) {
      log.warn(
          "Build {}: its builder still writes after run returned; ignored (a thread the plugin did not stop?)",
          buildId);
    }
    return false;
  }
}

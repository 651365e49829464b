package dev.kiln.builder.docker;

import com.github.dockerjava.api.DockerClient;
import java.io.Closeable;
import java.io.IOException;

/**
 * Turns Kiln's cancellation into action at whatever step the build has reached: a running pull is
 * closed, a running container is killed, and a container not yet started never starts. Killing
 * rather than stopping because the container is thrown away anyway, and bash as the container's
 * first process ignores SIGTERM, so a stop would always wait out its grace period.
 */
final class CancelSwitch {

  private final DockerClient client;
  private boolean requested;
  private String running;
  private Closeable pull;

  CancelSwitch(DockerClient client) {
    this.client = client;
  }

  /** Remembers the running pull, or closes it at once when cancellation came first. */
  void pulling(Closeable callback) {
    synchronized (this) {
      if (!requested) {
        pull = callback;
        return;
      }
    }
    closeQuietly(callback);
  }

  /** Starts container {@code id} unless cancellation was requested; tells whether it started. */
  synchronized boolean start(String id) {
    if (requested) {
      return false;
    }
    client.startContainerCmd(id).exec();
    running = id;
    return true;
  }

  /** Kiln's cancellation action: stops what runs and returns at once. */
  void request() {
    String container;
    Closeable callback;
    synchronized (this) {
      requested = true;
      container = running;
      callback = pull;
    }
    if (callback != null) {
      closeQuietly(callback);
    }
    if (container != null) {
      // Off Kiln's thread: an engine that hangs must not hold it.
      Thread.ofPlatform()
          .daemon()
          .name("kill-" + container.substring(0, 12))
          .start(() -> kill(container));
    }
  }

  private void kill(String container) {
    try {
      client.killContainerCmd(container).exec();
    } catch (RuntimeException e) {
      // It exited meanwhile, or the engine is gone: removal after the build deals with it.
    }
  }

  private static void closeQuietly(Closeable callback) {
    try {
      callback.close();
    } catch (IOException e) {
      // Closing only aborts the pull's stream; nothing to report.
    }
  }
}

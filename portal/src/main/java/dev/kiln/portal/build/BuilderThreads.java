package dev.kiln.portal.build;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.Cancellation;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.plugin.PluginCalls;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs each build's {@code Builder.run} on a thread of its own, named after the build, while the
 * runner (Quartz) thread waits for it. Once the build is asked to stop (timeout or cancel) the
 * builder has the grace period to return; then its thread is interrupted, and if it still runs a
 * moment later it is abandoned: the runner goes on to end the build and take the next one, and the
 * thread is counted until it ends by itself. So a builder that ignores cancel and interrupts holds
 * a runner for at most timeout + grace + {@link #AFTER_INTERRUPT}, never longer.
 */
@Component
class BuilderThreads {

  /** How long a builder that honours interrupts gets to return once interrupted. */
  static final Duration AFTER_INTERRUPT = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(BuilderThreads.class);

  private final Duration grace;
  private final Set<Thread> abandoned = ConcurrentHashMap.newKeySet();

  BuilderThreads(BuildProperties properties) {
    this.grace = properties.cancelGrace();
  }

  /** One call of a builder's {@code run}. */
  @FunctionalInterface
  interface BuilderCall {
    BuildResult run() throws BuildException, InterruptedException;
  }

  /** Thrown when the builder did not stop within the grace period and its thread was abandoned. */
  static final class Abandoned extends Exception {
    Abandoned(Duration grace) {
      super(
          "The builder did not stop within "
              + Formats.duration(grace)
              + " of being asked; its thread was abandoned.");
    }
  }

  /**
   * Runs {@code call} on the build's own thread and returns what it returned or rethrows what it
   * threw, Errors included (they happened on the builder's thread, which is gone).
   *
   * @throws Abandoned when it did not stop within the grace period after {@code stop} was requested
   * @throws InterruptedException when this runner thread is interrupted (the node is stopping); the
   *     builder's thread is interrupted too
   */
  BuildResult run(long buildId, Cancellation stop, BuilderCall call)
      throws BuildException, InterruptedException, Abandoned {
    var ended = new CompletableFuture<BuildResult>();
    var asked = new CompletableFuture<Void>();
    Thread thread =
        Thread.ofPlatform()
            .daemon()
            .name("build-" + buildId)
            .unstarted(
                () -> {
                  try {
                    ended.complete(call.run());
                  } catch (Throwable e) { // whatever the plugin throws ends only its own thread
                    ended.completeExceptionally(e);
                  }
                });
    stop.onRequest(() -> asked.complete(null));
    thread.start();
    try {
      CompletableFuture.anyOf(ended, asked).exceptionally(e -> null).get();
      if (!ended.isDone() && !endsWithin(ended, grace)) {
        thread.interrupt();
        if (!endsWithin(ended, AFTER_INTERRUPT)) {
          abandon(buildId, thread);
          throw new Abandoned(grace);
        }
      }
      return result(ended);
    } catch (InterruptedException e) {
      thread.interrupt();
      throw e;
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          e); // not reached: exceptionally() above turns failures into null
    }
  }

  /** Builder threads abandoned on this node that still run. */
  int abandonedThreads() {
    abandoned.removeIf(thread -> !thread.isAlive());
    return abandoned.size();
  }

  private void abandon(long buildId, Thread thread) {
    abandoned.add(thread);
    String where =
        Arrays.stream(thread.getStackTrace())
            .limit(5)
            .map(String::valueOf)
            .collect(Collectors.joining("\n\tat ", "\n\tat ", ""));
    log.warn(
        "Build {}: the builder did not stop within {} of being asked nor when interrupted; thread {} is"
            + " abandoned ({} abandoned builder thread(s) still run on this node). It was at:{}",
        buildId,
        Formats.duration(grace),
        thread.getName(),
        abandonedThreads(),
        where);
  }

  private static boolean endsWithin(CompletableFuture<BuildResult> ended, Duration limit)
      throws InterruptedException {
    try {
      ended.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  private static BuildResult result(CompletableFuture<BuildResult> ended)
      throws BuildException, InterruptedException {
    try {
      return ended.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof BuildException b) {
        throw b;
      }
      if (cause instanceof InterruptedException i) {
        throw i;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      // A checked exception the plugin threw without declaring it.
      throw new IllegalStateException(PluginCalls.reason(cause), cause);
    }
  }
}

package dev.kiln.portal.plugin;

import dev.kiln.portal.base.Formats;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls into a plugin with a deadline, and turns whatever goes wrong into a sentence: for the short
 * calls (health check, describe, validate) that a screen or a periodic job waits on.
 *
 * <p>Each call runs on a platform thread of its own, never on the caller's (a UI or Quartz thread):
 * a plugin that spins or blocks forever costs that thread only. Not a virtual thread, because a
 * virtual thread that never yields holds one of the few carrier threads all virtual threads share.
 * A call that misses its deadline is interrupted and left to end by itself; until it does, further
 * calls with the same {@code what} are refused at once, so a plugin that hangs every time holds one
 * thread, not one per call.
 */
public final class PluginCalls {

  private static final Logger log = LoggerFactory.getLogger(PluginCalls.class);

  /** Calls that missed their deadline and still run, by what they were. */
  private static final Map<String, Thread> hung = new ConcurrentHashMap<>();

  private PluginCalls() {}

  /**
   * What a call gave: its value, or a problem in words.
   *
   * @param value what the plugin returned; {@code null} when there is a problem
   * @param problem why there is no value, as a sentence for users; {@code null} when it answered
   */
  public record Answer<T>(T value, String problem) {

    /** Whether the plugin answered without throwing, within its time. */
    public boolean answered() {
      return problem == null;
    }
  }

  /**
   * Calls {@code call} on a thread of its own and waits at most {@code limit} for it.
   *
   * @param what what is called, as the subject of a sentence, for example "The Docker builder's
   *     health check"; also the key under which a call that does not answer is remembered
   * @return the value, or a problem such as "… did not answer within 5 s." or "… failed: reason."
   */
  public static <T> Answer<T> call(String what, Duration limit, Callable<T> call) {
    Thread earlier = hung.get(what);
    if (earlier != null && earlier.isAlive()) {
      return new Answer<>(
          null,
          what
              + " is still busy with an earlier call that did not answer; it was not asked again.");
    }
    var answer = new CompletableFuture<T>();
    Thread thread =
        Thread.ofPlatform()
            .daemon()
            .name("plugin-call: " + what)
            .start(
                () -> {
                  try {
                    answer.complete(call.call());
                  } catch (Throwable e) { // an Error on this thread harms only this call
                    answer.completeExceptionally(e);
                  } finally {
                    hung.remove(what, Thread.currentThread());
                  }
                });
    try {
      return new Answer<>(answer.get(limit.toMillis(), TimeUnit.MILLISECONDS), null);
    } catch (ExecutionException e) {
      return new Answer<>(null, what + " failed: " + reason(e.getCause()));
    } catch (TimeoutException e) {
      hung.put(what, thread);
      thread.interrupt();
      if (!thread.isAlive()) {
        hung.remove(what, thread);
      }
      log.warn(
          "{} did not answer within {}; its thread is left to end by itself", what, words(limit));
      return new Answer<>(null, what + " did not answer within " + words(limit) + ".");
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
      return new Answer<>(null, what + " was not waited for: Kiln is stopping.");
    }
  }

  /**
   * A plugin's failure in words: the message, with what kind of failure it was when that helps a
   * user (a missing class, no memory left, endless recursion).
   */
  public static String reason(Throwable e) {
    String message =
        e.getMessage() == null || e.getMessage().isBlank() ? "" : ": " + e.getMessage();
    String type = e.getClass().getSimpleName();
    if (e instanceof StackOverflowError) {
      return "it called itself too deeply (" + type + ")";
    }
    if (e instanceof OutOfMemoryError) {
      return "it ran out of memory (" + type + message + ")";
    }
    if (e instanceof LinkageError) {
      return "a class it needs is missing or does not match its jar (" + type + message + ")";
    }
    return type + message;
  }

  private static String words(Duration limit) {
    return limit.toMillis() < 1000 ? limit.toMillis() + " ms" : Formats.duration(limit);
  }
}

package dev.kiln.plugin.api;

/**
 * Kiln's request that a build stop, because a user cancelled it or its timeout is over. A builder
 * either polls {@link #isRequested()} or registers an action with {@link #onRequest(Runnable)}.
 *
 * @since 1.0
 */
@Stable
public interface Cancellation {

  /** Tells whether the build should stop now. */
  boolean isRequested();

  /**
   * Runs {@code action} once when cancellation is requested, on a Kiln thread, or at once on the
   * calling thread when it already was. The action should start stopping the work and return.
   */
  void onRequest(Runnable action);
}

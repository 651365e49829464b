package dev.kiln.builder.ssh;

import dev.kiln.plugin.api.LogSink;

/**
 * Passes lines to the build's log until closed: MINA may still deliver output after run() returned,
 * when the build's context is no longer valid.
 */
final class GatedLog implements LogSink {

  private final LogSink target;
  private boolean open = true;

  GatedLog(LogSink target) {
    this.target = target;
  }

  @Override
  public synchronized void line(String text) {
    if (open) {
      target.line(text);
    }
  }

  @Override
  public synchronized void notice(String text) {
    if (open) {
      target.notice(text);
    }
  }

  /** Drops everything from now on. */
  synchronized void close() {
    open = false;
  }
}

package dev.kiln.portal.plugin.trial;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one output stream of the trial JVM to its end on a thread of its own, keeping the first
 * {@code limit} bytes and dropping the rest, so a plugin that prints without end neither fills
 * Kiln's memory nor blocks on a full pipe.
 */
final class TrialOutput {

  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final Thread reader;
  private boolean cut;

  TrialOutput(InputStream in, int limit, String name) {
    reader =
        Thread.ofPlatform()
            .daemon()
            .name(name)
            .start(
                () -> {
                  byte[] buffer = new byte[8192];
                  try (in) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                      synchronized (this) {
                        int room = limit - kept.size();
                        kept.write(buffer, 0, Math.max(0, Math.min(room, n)));
                        cut |= n > room;
                      }
                    }
                  } catch (IOException e) {
                    // the process was killed: what was read so far is all there is
                  }
                });
  }

  /** Waits at most {@code millis} for the stream to end, then returns what was kept. */
  String text(long millis) throws InterruptedException {
    reader.join(millis);
    synchronized (this) {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }

  /** Whether more was written than was kept. */
  synchronized boolean cut() {
    return cut;
  }
}

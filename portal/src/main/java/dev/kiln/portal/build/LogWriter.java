package dev.kiln.portal.build;

import dev.kiln.plugin.api.LogSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running build's log: lines are gathered into a chunk that is stored when it is full or due.
 * Memory is bounded: one chunk, plus what piles up while storage is down, up to {@link
 * #MAX_PENDING}; a single line is cut at {@link #MAX_LINE_CHARS}, and the whole log at the build's
 * limit. Every line passes through a {@link SecretMasker} first, so no secret value of the build is
 * stored. Once closed, it ignores whatever a builder still writes.
 */
final class LogWriter implements LogSink, AutoCloseable {

  static final int CHUNK_BYTES = 256 * 1024;
  static final int MAX_PENDING = 8 * 1024 * 1024;
  static final String NOTICE = "[kiln] ";

  /**
   * The longest line kept; a builder may hand over a whole file without line breaks as one line.
   */
  static final int MAX_LINE_CHARS = 64 * 1024;

  static final long RETRY_AFTER_NANOS = 2_000_000_000L;

  /**
   * How long the periodic flush leaves text that could begin a secret held back: long enough for
   * the rest of a line cut in pieces to arrive, short enough that a live log does not seem stuck.
   */
  static final long HOLD_NANOS = 1_000_000_000L;

  private static final Logger log = LoggerFactory.getLogger(LogWriter.class);

  interface ChunkStore {
    void put(int seq, byte[] bytes) throws IOException;
  }

  interface Progress {
    void recorded(int chunks, long bytes, boolean truncated);
  }

  private final long buildId;
  private final long maxBytes;
  private final ChunkStore chunks;
  private final Progress progress;
  private final Consumer<LogWriter> onClose;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(CHUNK_BYTES);
  private int seq;
  private long bytes;
  private long lost;
  private boolean truncated;
  private boolean closed;
  private long lastFlush = System.nanoTime();
  private long lastFailure;
  private SecretMasker masker = SecretMasker.of(List.of());
  private long holdingSince;

  LogWriter(
      long buildId,
      long maxBytes,
      ChunkStore chunks,
      Progress progress,
      Consumer<LogWriter> onClose) {
    this.buildId = buildId;
    this.maxBytes = maxBytes;
    this.chunks = chunks;
    this.progress = progress;
    this.onClose = onClose;
  }

  /**
   * From now on, replaces these values with {@value SecretMasker#MASK} in everything written. Each
   * call replaces the values of the one before, so give all of a build's values at once.
   */
  synchronized void mask(Collection<String> secretValues) {
    append(masker.release());
    masker = SecretMasker.of(secretValues);
  }

  @Override
  public synchronized void line(String text) {
    if (!truncated && !closed) { // a flooding builder's lines past the limit cost nothing more
      limited(capped(text) + "\n");
    }
  }

  /** A builder's notice; like its lines, it counts against the log's limit. */
  @Override
  public synchronized void notice(String text) {
    if (!truncated && !closed) {
      limited(NOTICE + capped(text) + "\n");
    }
  }

  /**
   * Kiln's own notice (the build's start and end), kept even past the limit: there are only a few.
   */
  synchronized void kilnNotice(String text) {
    if (!closed) {
      write(NOTICE + capped(text) + "\n");
    }
  }

  private void limited(String text) {
    if (bytes + text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      truncated = true;
      append(masker.release());
      write(
          NOTICE
              + "The log reached its limit of "
              + (maxBytes / (1024 * 1024))
              + " MB; later output of this build is not kept.\n");
      return;
    }
    write(text);
  }

  /**
   * The line, cut after {@link #MAX_LINE_CHARS} with a marker saying how much was left out. The cut
   * comes one secret's length later, so a secret that starts before the limit is kept whole, and
   * masked.
   */
  private String capped(String text) {
    if (text == null) {
      return "";
    }
    int cut = MAX_LINE_CHARS + masker.longest();
    if (text.length() <= cut) {
      return text;
    }
    if (Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    return text.substring(0, cut)
        + " [kiln: line cut here; "
        + (text.length() - cut)
        + " more characters not kept]";
  }

  /** {@code text} with the build's secret values masked, for what is stored outside the log. */
  synchronized String masked(String text) {
    return masker.maskWhole(text);
  }

  private void write(String text) {
    boolean wasHolding = masker.isHolding();
    String safe = masker.push(text);
    append(safe);
    if (!masker.isHolding()) {
      holdingSince = 0;
    } else if (!wasHolding || !safe.isEmpty()) {
      holdingSince = System.nanoTime(); // what is held now arrived just now
    }
  }

  private void append(String text) {
    if (!text.isEmpty()) {
      append(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void append(byte[] line) {
    if (pending.size() + line.length > MAX_PENDING) {
      lost += line.length; // storage has been failing for a while: keep memory bounded
      return;
    }
    pending.writeBytes(line);
    bytes += line.length;
    // After a failed store, leave retries to the flusher for a while: the builder's output thread
    // must not wait on storage that is down at every line.
    if (pending.size() >= CHUNK_BYTES && System.nanoTime() - lastFailure > RETRY_AFTER_NANOS) {
      flush();
    }
  }

  synchronized void flushIfDue() {
    if (!closed && System.nanoTime() - lastFlush >= BuildLogs.FLUSH_MILLIS * 1_000_000) {
      flush();
    }
  }

  synchronized void flush() {
    lastFlush = System.nanoTime();
    if (masker.isHolding() && lastFlush - holdingSince >= HOLD_NANOS) {
      append(masker.release());
    }
    if (lost > 0 && pending.size() < MAX_PENDING / 2) {
      long dropped = lost;
      lost = 0;
      write(NOTICE + dropped + " bytes of output were lost while log storage was unavailable.\n");
    }
    if (pending.size() == 0) {
      return;
    }
    try {
      chunks.put(seq, pending.toByteArray());
    } catch (IOException | RuntimeException e) {
      lastFailure = System.nanoTime();
      log.warn("Log chunk {} of build {} not stored yet: {}", seq, buildId, e.getMessage());
      return;
    }
    seq++;
    pending.reset();
    try {
      progress.recorded(seq, bytes, truncated);
    } catch (RuntimeException e) {
      // The chunk is stored; the next flush records the count again.
      log.warn("Recording log chunk {} of build {} failed: {}", seq - 1, buildId, e.getMessage());
    }
  }

  /** Stores what is left, retrying a few times: the end of a log is what users read first. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try {
      append(masker.release());
      for (int attempt = 1; attempt <= 4 && (pending.size() > 0 || lost > 0); attempt++) {
        if (attempt > 1) {
          wait(500L * attempt);
        }
        flush();
      }
      if (pending.size() > 0) {
        log.error(
            "The last {} bytes of build {}'s log could not be stored", pending.size(), buildId);
      }
      progress.recorded(seq, bytes, truncated);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("Recording the log of build {} failed: {}", buildId, e.getMessage());
    } finally {
      closed = true;
      onClose.accept(this);
    }
  }
}

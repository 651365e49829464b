package dev.kiln.portal.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;

/**
 * One viewer's read access to one build's log, given by {@link LogReaders#open} after checking the
 * viewer may see the build. Offsets count stored chunks ({@link BuildEvents.LogGrew} says how many
 * there are): reading them costs storage reads only, no SQL. Once {@link #recheck} finds the viewer
 * may no longer see the build, the reader refuses for good.
 */
public final class LogReader {

  private final long buildId;
  private final long projectId;
  private final BuildLogs logs;
  private final LogReaders readers;
  private volatile boolean revoked;

  LogReader(long buildId, long projectId, BuildLogs logs, LogReaders readers) {
    this.buildId = buildId;
    this.projectId = projectId;
    this.logs = logs;
    this.readers = readers;
  }

  public long buildId() {
    return buildId;
  }

  /** The project of the build, to tell which {@link BuildEvents.AccessChanged} concern it. */
  public long projectId() {
    return projectId;
  }

  /** Chunks {@code offset} to {@code upTo} (exclusive) of the log, as UTF-8 text, one per chunk. */
  public List<String> logSince(int offset, int upTo) throws IOException {
    List<String> texts = new ArrayList<>();
    for (int seq = offset; seq < upTo; seq++) {
      texts.add(chunk(seq));
    }
    return texts;
  }

  /**
   * The last chunks before {@code upTo}, going back only until they hold {@code maxChars}: what a
   * viewer that shows no more than that needs at first.
   */
  public Tail tail(int upTo, long maxChars) throws IOException {
    List<String> texts = new ArrayList<>();
    long chars = 0;
    int seq = upTo - 1;
    for (; seq >= 0 && chars < maxChars; seq--) {
      String text = chunk(seq);
      texts.addFirst(text);
      chars += text.length();
    }
    return new Tail(texts, seq >= 0);
  }

  /**
   * Checks again, as the current user, whether they may see the build, and reads how many chunks
   * are stored. Empty, and the reader closed for good, when they may not any more.
   */
  public Optional<Integer> recheck() {
    if (revoked) {
      return Optional.empty();
    }
    Optional<Integer> chunks = readers.recheck(buildId);
    revoked = chunks.isEmpty();
    return chunks;
  }

  private String chunk(int seq) throws IOException {
    if (revoked) {
      throw new AccessDeniedException("You may no longer see build " + buildId + ".");
    }
    return new String(logs.chunk(buildId, seq), StandardCharsets.UTF_8);
  }

  /**
   * The end of a log.
   *
   * @param texts the chunks, oldest first
   * @param skipped whether earlier chunks were left out
   */
  public record Tail(List<String> texts, boolean skipped) {}
}

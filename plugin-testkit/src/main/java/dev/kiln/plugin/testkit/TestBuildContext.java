package dev.kiln.plugin.testkit;

import dev.kiln.plugin.api.ArtifactSink;
import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.LogSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BuildContext} for a builder's tests, standing in for the one Kiln passes to {@code run}:
 * it records the log's lines and notices and the stored artifacts, and lets the test request
 * cancellation ({@link #cancel()}). It is safe to use from the builder's threads and the test's at
 * once. With {@code keepLines} false, lines are only counted, for tests with large output.
 */
public final class TestBuildContext implements BuildContext {

  /** One stored artifact: the size the builder announced and the bytes it delivered. */
  public record Stored(long size, byte[] bytes) {
    /** The bytes as UTF-8 text. */
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
  private final List<String> notices = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Stored> stored = Collections.synchronizedMap(new LinkedHashMap<>());
  private final AtomicLong lineCount = new AtomicLong();
  private final AtomicLong lineBytes = new AtomicLong();
  private final TestCancellation cancellation = new TestCancellation();
  private final Path workDirectory;
  private final boolean keepLines;
  private volatile Runnable afterEachArtifact = () -> {};

  /** A context whose work directory is {@code workDirectory} (a {@code @TempDir}, say). */
  public TestBuildContext(Path workDirectory) {
    this(workDirectory, true);
  }

  /** As {@link #TestBuildContext(Path)}; with {@code keepLines} false lines are only counted. */
  public TestBuildContext(Path workDirectory, boolean keepLines) {
    this.workDirectory = workDirectory;
    this.keepLines = keepLines;
  }

  /** The log's lines so far, in order (live: it grows while the build runs). */
  public List<String> lines() {
    return lines;
  }

  /** The log's notices (Kiln's own remarks, shown apart from the script's output) so far. */
  public List<String> notices() {
    return notices;
  }

  /** Every line and then every notice, for checks that something (a secret) appears in neither. */
  public List<String> everything() {
    List<String> all;
    synchronized (lines) {
      all = new ArrayList<>(lines);
    }
    synchronized (notices) {
      all.addAll(notices);
    }
    return all;
  }

  /** The stored artifacts by path, in the order they were stored. */
  public Map<String, Stored> stored() {
    return stored;
  }

  /** How many lines the builder logged, kept or not. */
  public long lineCount() {
    return lineCount.get();
  }

  /** The UTF-8 size of every line logged, kept or not. */
  public long lineBytes() {
    return lineBytes.get();
  }

  /** Requests cancellation, as a user's Cancel or the build's timeout does. */
  public void cancel() {
    cancellation.request();
  }

  /**
   * Runs {@code action} after each stored artifact, for tests that act in the middle of storing.
   */
  public void afterEachArtifact(Runnable action) {
    this.afterEachArtifact = action;
  }

  @Override
  public LogSink log() {
    return new LogSink() {
      @Override
      public void line(String text) {
        lineCount.incrementAndGet();
        lineBytes.addAndGet(text.getBytes(StandardCharsets.UTF_8).length);
        if (keepLines) {
          lines.add(text);
        }
      }

      @Override
      public void notice(String text) {
        notices.add(text);
      }
    };
  }

  @Override
  public ArtifactSink artifacts() {
    return this::store;
  }

  private void store(String path, long size, InputStream content) throws IOException {
    if (stored.putIfAbsent(path, new Stored(size, content.readAllBytes())) != null) {
      throw new IOException("artifact stored twice: " + path);
    }
    afterEachArtifact.run();
  }

  @Override
  public TestCancellation cancellation() {
    return cancellation;
  }

  @Override
  public Path workDirectory() {
    return workDirectory;
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }
}

package dev.kiln.builder.gha;

import dev.kiln.plugin.api.ArtifactSink;
import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.Cancellation;
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

/**
 * A {@link BuildContext} for tests: records log lines, notices and artifacts; the test can cancel.
 */
final class TestBuildContext implements BuildContext {

  /** One stored artifact: the size the builder announced and the bytes it delivered. */
  record Stored(long size, byte[] bytes) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  final List<String> lines = Collections.synchronizedList(new ArrayList<>());
  final List<String> notices = Collections.synchronizedList(new ArrayList<>());
  final Map<String, Stored> artifacts = Collections.synchronizedMap(new LinkedHashMap<>());
  final TestCancellation cancellation = new TestCancellation();

  /** Runs after each stored artifact, for tests that act in the middle of storing. */
  volatile Runnable afterEachArtifact = () -> {};

  private final Path workDirectory;

  TestBuildContext(Path workDirectory) {
    this.workDirectory = workDirectory;
  }

  /** Every line and notice, for checks that no secret leaked. */
  List<String> everything() {
    List<String> all = new ArrayList<>(lines);
    all.addAll(notices);
    return all;
  }

  @Override
  public LogSink log() {
    return new LogSink() {
      @Override
      public void line(String text) {
        lines.add(text);
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
    if (artifacts.putIfAbsent(path, new Stored(size, content.readAllBytes())) != null) {
      throw new IOException("artifact stored twice: " + path);
    }
    afterEachArtifact.run();
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
    return Clock.systemUTC();
  }

  /** A cancellation the test requests; it runs the registered actions on the requesting thread. */
  static final class TestCancellation implements Cancellation {

    private final List<Runnable> actions = new ArrayList<>();
    private boolean requested;

    @Override
    public synchronized boolean isRequested() {
      return requested;
    }

    @Override
    public void onRequest(Runnable action) {
      synchronized (this) {
        if (!requested) {
          actions.add(action);
          return;
        }
      }
      action.run();
    }

    /** Requests cancellation and runs every action registered so far, once. */
    void request() {
      List<Runnable> toRun;
      synchronized (this) {
        if (requested) {
          return;
        }
        requested = true;
        toRun = List.copyOf(actions);
        actions.clear();
      }
      toRun.forEach(Runnable::run);
    }
  }
}

package dev.kiln.builder.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.kiln.plugin.api.LogSink;
import dev.kiln.plugin.support.LineSplitter;
import java.util.EnumMap;
import java.util.Map;

/**
 * Follows a container's log and hands it to the build's log line by line as the engine sends it.
 * The engine sends chunks of stdout and stderr, interleaved and cut anywhere, so each stream has
 * its own {@link LineSplitter} (lines bounded at {@link #MAX_LINE} bytes, carriage returns dropped,
 * as on the Local shell and SSH builders). Stops passing lines on once closed, as the context is
 * only valid during the build.
 */
final class LogLines extends ResultCallback.Adapter<Frame> {

  static final int MAX_LINE = LineSplitter.MAX_LINE;

  private final LogSink log;
  private final Map<StreamType, LineSplitter> streams = new EnumMap<>(StreamType.class);
  private boolean open = true;

  LogLines(LogSink log) {
    this.log = log;
  }

  @Override
  public synchronized void onNext(Frame frame) {
    byte[] payload = frame.getPayload();
    streams
        .computeIfAbsent(frame.getStreamType(), type -> new LineSplitter(this::emit))
        .write(payload, 0, payload.length);
  }

  /** Passes on what is left of unterminated lines, then stops passing lines on. */
  synchronized void finish() {
    streams.values().forEach(LineSplitter::close);
    open = false;
  }

  private void emit(String line) {
    if (open) {
      log.line(line);
    }
  }
}

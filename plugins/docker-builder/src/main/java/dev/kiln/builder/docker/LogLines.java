package dev.kiln.builder.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.kiln.plugin.api.LogSink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Follows a container's log and hands it to the build's log line by line as the engine sends it.
 * The engine sends chunks of stdout and stderr, interleaved and cut anywhere, so each stream has
 * its own buffer. Lines are bounded: a script printing megabytes without a newline is passed on in
 * pieces, never held whole. Stops passing lines on once closed, as the context is only valid during
 * the build.
 */
final class LogLines extends ResultCallback.Adapter<Frame> {

  static final int MAX_LINE = 16 * 1024;

  private final LogSink log;
  private final Map<StreamType, Buffer> buffers = new EnumMap<>(StreamType.class);
  private boolean open = true;

  LogLines(LogSink log) {
    this.log = log;
  }

  @Override
  public synchronized void onNext(Frame frame) {
    Buffer buffer = buffers.computeIfAbsent(frame.getStreamType(), type -> new Buffer());
    for (byte b : frame.getPayload()) {
      if (b == '\n') {
        emit(buffer.take());
      } else {
        if (buffer.length == MAX_LINE) {
          emit(buffer.takePiece());
        }
        buffer.append(b);
      }
    }
  }

  /** Passes on what is left of unterminated lines, then stops passing lines on. */
  synchronized void finish() {
    for (Buffer buffer : buffers.values()) {
      if (buffer.length > 0) {
        emit(buffer.take());
      }
    }
    open = false;
  }

  private void emit(String line) {
    if (open) {
      log.line(line);
    }
  }

  /** One stream's bytes since its last newline. */
  private static final class Buffer {

    private byte[] bytes = new byte[256];
    private int length;

    void append(byte b) {
      if (length == bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.min(MAX_LINE, bytes.length * 2));
      }
      bytes[length++] = b;
    }

    /** The whole line, without a carriage return before its newline. */
    String take() {
      int end = length > 0 && bytes[length - 1] == '\r' ? length - 1 : length;
      String line = new String(bytes, 0, end, StandardCharsets.UTF_8);
      length = 0;
      return line;
    }

    /**
     * A full buffer's leading piece, cut before a UTF-8 sequence that the next byte may continue.
     */
    String takePiece() {
      int end = length;
      int start = end - 1;
      while (start > end - 4 && start > 0 && (bytes[start] & 0xC0) == 0x80) {
        start--;
      }
      if ((bytes[start] & 0xC0) == 0xC0) {
        end = start;
      }
      if (end == 0) {
        end = length;
      }
      String piece = new String(bytes, 0, end, StandardCharsets.UTF_8);
      System.arraycopy(bytes, end, bytes, 0, length - end);
      length -= end;
      return piece;
    }
  }
}

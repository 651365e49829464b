package dev.kiln.builder.ssh;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns the bytes MINA delivers from a remote stream into log lines as they arrive. A line is
 * passed on at its newline; carriage returns are dropped. Lines longer than {@link #MAX_LINE} bytes
 * are passed on in pieces cut between characters, so a script printing megabytes without a newline
 * cannot exhaust memory.
 */
final class LineOutputStream extends OutputStream {

  static final int MAX_LINE = 16 * 1024;

  private final Consumer<String> lines;
  private final byte[] line = new byte[MAX_LINE];
  private int length;

  LineOutputStream(Consumer<String> lines) {
    this.lines = lines;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      emit(length);
    } else if (b != '\r') {
      if (length == MAX_LINE) {
        emit(cutBefore((byte) b));
      }
      line[length++] = (byte) b;
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int count) {
    for (int i = offset; i < offset + count; i++) {
      write(bytes[i]);
    }
  }

  /** Passes on the unfinished last line, if any: the stream ended without a newline. */
  @Override
  public synchronized void close() {
    if (length > 0) {
      emit(length);
    }
  }

  /**
   * Where to cut a full buffer so that {@code next} does not start in the middle of a character.
   */
  private int cutBefore(byte next) {
    if (!isContinuation(next)) {
      return length;
    }
    int start = length;
    while (start > 0 && isContinuation(line[start - 1])) {
      start--;
    }
    // start - 1 is the character's lead byte; a buffer that is one broken character is cut as it
    // is.
    return start > 1 ? start - 1 : length;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  private void emit(int end) {
    lines.accept(new String(line, 0, end, StandardCharsets.UTF_8));
    System.arraycopy(line, end, line, 0, length - end);
    length -= end;
  }
}

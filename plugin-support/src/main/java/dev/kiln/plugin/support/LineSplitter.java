package dev.kiln.plugin.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns a process's output bytes into log lines. A line is passed on at its newline, decoded as
 * UTF-8; carriage returns are dropped. Lines are bounded: one longer than {@link #MAX_LINE} bytes
 * is passed on in pieces cut between characters, so a script printing megabytes without a newline
 * cannot exhaust memory. Bytes are copied in runs and decoded once per line, never one character at
 * a time. Write to it as an {@link OutputStream}, or let {@link #pump} read a stream into it.
 */
public final class LineSplitter extends OutputStream {

  /** The longest line passed on whole, in bytes. */
  public static final int MAX_LINE = 16 * 1024;

  private final Consumer<String> lines;
  private final byte[] line = new byte[MAX_LINE];
  private int length;

  /** A splitter handing each line to {@code lines}. */
  public LineSplitter(Consumer<String> lines) {
    this.lines = lines;
  }

  /**
   * Reads {@code in} on a new daemon thread named {@code name} until it ends (or fails: a killed
   * process's pipe), handing each line to {@code lines}; join the thread to wait for the last.
   */
  public static Thread pump(InputStream in, Consumer<String> lines, String name) {
    return Thread.ofPlatform().name(name).daemon().start(() -> split(in, lines));
  }

  /** Reads {@code in} to its end on this thread, handing each line to {@code lines}. */
  public static void split(InputStream in, Consumer<String> lines) {
    LineSplitter splitter = new LineSplitter(lines);
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        splitter.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // The process's pipe closed under us (killed); what was read is kept.
    }
    splitter.close();
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int count) {
    int end = offset + count;
    int from = offset;
    while (from < end) {
      int newline = indexOf(bytes, (byte) '\n', from, end);
      int stop = newline < 0 ? end : newline;
      appendWithoutCarriageReturns(bytes, from, stop);
      if (newline < 0) {
        return;
      }
      emit(length);
      from = newline + 1;
    }
  }

  /** Passes on the unfinished last line, if any: the stream ended without a newline. */
  @Override
  public synchronized void close() {
    if (length > 0) {
      emit(length);
    }
  }

  private void appendWithoutCarriageReturns(byte[] bytes, int from, int to) {
    while (from < to) {
      int cr = indexOf(bytes, (byte) '\r', from, to);
      int stop = cr < 0 ? to : cr;
      append(bytes, from, stop);
      from = stop + 1;
    }
  }

  /** Copies a run in bulk; a full buffer is cut only when more of the line follows. */
  private void append(byte[] bytes, int from, int to) {
    while (from < to) {
      if (length == MAX_LINE) {
        emit(cutBefore(bytes[from]));
      }
      int n = Math.min(MAX_LINE - length, to - from);
      System.arraycopy(bytes, from, line, length, n);
      length += n;
      from += n;
    }
  }

  private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
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
    // start - 1 is the character's lead byte; a buffer that is one broken character is cut as is.
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

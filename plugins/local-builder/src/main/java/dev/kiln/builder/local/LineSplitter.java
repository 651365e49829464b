package dev.kiln.builder.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a stream into lines of bounded length, so a script printing megabytes without a newline
 * cannot exhaust memory: overlong lines are passed on in pieces.
 */
final class LineSplitter {

  static final int MAX_LINE = 16 * 1024;

  private LineSplitter() {}

  /** Reads {@code in} on a new daemon thread until it ends, handing each line to {@code lines}. */
  static Thread pump(InputStream in, Consumer<String> lines, String name) {
    Thread thread =
        Thread.ofPlatform()
            .name(name)
            .daemon()
            .start(() -> split(new InputStreamReader(in, StandardCharsets.UTF_8), lines));
    return thread;
  }

  static void split(Reader reader, Consumer<String> lines) {
    char[] buffer = new char[8192];
    StringBuilder line = new StringBuilder();
    try (reader) {
      int n;
      while ((n = reader.read(buffer)) != -1) {
        for (int i = 0; i < n; i++) {
          char c = buffer[i];
          if (c == '\n') {
            emit(line, lines);
          } else if (c != '\r') {
            // Cut only when more of the line follows, so a full line's newline adds no empty line.
            if (line.length() >= MAX_LINE) {
              emitPiece(line, c, lines);
            }
            line.append(c);
          }
        }
      }
    } catch (IOException e) {
      // The process's pipe closed under us (killed); what was read is kept.
    }
    if (!line.isEmpty()) {
      emit(line, lines);
    }
  }

  /** Passes on a full line's piece, keeping a high surrogate whose low half is {@code next}. */
  private static void emitPiece(StringBuilder line, char next, Consumer<String> lines) {
    int end = line.length();
    if (Character.isLowSurrogate(next) && Character.isHighSurrogate(line.charAt(end - 1))) {
      end--;
    }
    lines.accept(line.substring(0, end));
    line.delete(0, end);
  }

  private static void emit(StringBuilder line, Consumer<String> lines) {
    lines.accept(line.toString());
    line.setLength(0);
  }
}

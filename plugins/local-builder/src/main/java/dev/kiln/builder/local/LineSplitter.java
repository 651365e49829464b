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
            line.append(c);
            if (line.length() >= MAX_LINE) {
              emit(line, lines);
            }
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

  private static void emit(StringBuilder line, Consumer<String> lines) {
    lines.accept(line.toString());
    line.setLength(0);
  }
}

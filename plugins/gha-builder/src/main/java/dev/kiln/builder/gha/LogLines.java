package dev.kiln.builder.gha;

import java.io.IOException;
import java.io.Reader;
import java.util.function.Consumer;

/**
 * Splits a job log into lines of bounded length, so one enormous line cannot exhaust memory:
 * overlong lines are passed on in pieces. GitHub's logs start with a byte order mark, which is
 * dropped.
 */
final class LogLines {

  static final int MAX_LINE = 16 * 1024;

  private LogLines() {}

  /** Reads {@code reader} to its end, handing each line, without terminator, to {@code lines}. */
  static void split(Reader reader, Consumer<String> lines) throws IOException {
    char[] buffer = new char[8192];
    StringBuilder line = new StringBuilder();
    boolean first = true;
    int n;
    while ((n = reader.read(buffer)) != -1) {
      for (int i = 0; i < n; i++) {
        char c = buffer[i];
        if (first && c == '\uFEFF') {
          first = false;
          continue;
        }
        first = false;
        if (c == '\n') {
          lines.accept(line.toString());
          line.setLength(0);
        } else if (c != '\r') {
          if (line.length() >= MAX_LINE && !Character.isLowSurrogate(c)) {
            lines.accept(line.toString());
            line.setLength(0);
          }
          line.append(c);
        }
      }
    }
    if (!line.isEmpty()) {
      lines.accept(line.toString());
    }
  }
}

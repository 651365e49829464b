package dev.kiln.builder.gha;

import dev.kiln.plugin.support.LineSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Splits a job log into lines with {@link LineSplitter}, so one enormous line cannot exhaust
 * memory: overlong lines are passed on in pieces of at most {@link #MAX_LINE} bytes. GitHub's logs
 * start with a byte order mark, which is dropped.
 */
final class LogLines {

  static final int MAX_LINE = LineSplitter.MAX_LINE;

  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private LogLines() {}

  /**
   * Reads {@code in} (UTF-8) to its end, handing each line, without terminator, to {@code lines}.
   *
   * @throws IOException when reading fails; the unfinished last line is then not passed on
   */
  static void split(InputStream in, Consumer<String> lines) throws IOException {
    var first = new boolean[] {true};
    var splitter =
        new LineSplitter(
            line -> {
              boolean mark = first[0] && line.startsWith(BYTE_ORDER_MARK);
              first[0] = false;
              lines.accept(mark ? line.substring(BYTE_ORDER_MARK.length()) : line);
            });
    in.transferTo(splitter);
    splitter.close();
  }
}

package dev.kiln.portal.plugin.trial;

import dev.kiln.plugin.api.BuilderDescriptor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the trial JVM ({@link PluginTrialMain}) tells Kiln on its standard output: one fact per
 * line, each starting with {@value #PREFIX} and a word, fields separated by tabs and escaped, so a
 * builder's name or a failure's message cannot break a line or forge another. Lines without the
 * prefix (the JVM's own messages) are ignored, except the one the JVM prints when it runs out of
 * memory under {@code -XX:+ExitOnOutOfMemoryError}.
 *
 * @param started whether the trial's own code ran, before any of the plugin's
 * @param builders the builders the plugin provides, as it described them
 * @param refusal why the plugin is refused, or {@code null}
 * @param exitFrom where the plugin called {@code System.exit}, or {@code null} when it did not
 * @param memoryError what the JVM ran out of ({@code Java heap space}, {@code Metaspace}), or
 *     {@code null}
 * @param maxHeap the trial JVM's largest heap in bytes, as it reported it; 0 when it did not
 * @param ended whether the report is complete
 */
record TrialReport(
    boolean started,
    List<Described> builders,
    String refusal,
    String exitFrom,
    String memoryError,
    long maxHeap,
    boolean ended) {

  static final String PREFIX = "kiln-trial";

  private static final String OUT_OF_MEMORY = "Terminating due to java.lang.OutOfMemoryError: ";

  /**
   * A builder as the trial saw it: its id, its name, and its settings as {@code key TYPE} words.
   */
  record Described(String id, String name, List<String> settings) {}

  /** Reads a report from the trial JVM's standard output. */
  static TrialReport parse(String output) {
    boolean started = false;
    boolean ended = false;
    List<Described> builders = new ArrayList<>();
    String refusal = null;
    String exitFrom = null;
    String memoryError = null;
    long maxHeap = 0;
    for (String line : output.split("\n")) {
      if (line.startsWith(OUT_OF_MEMORY)) {
        memoryError = line.substring(OUT_OF_MEMORY.length()).strip();
      }
      String[] fields = line.split("\t", -1);
      if (ended || fields.length < 2 || !fields[0].equals(PREFIX)) {
        continue;
      }
      switch (fields[1]) {
        case "started" -> started = true;
        case "builder" ->
            builders.add(
                new Described(
                    field(fields, 2),
                    field(fields, 3),
                    field(fields, 4).isEmpty()
                        ? List.of()
                        : List.of(field(fields, 4).split(", "))));
        case "refused" -> refusal = refusal == null ? field(fields, 2) : refusal;
        case "exit" -> exitFrom = field(fields, 2);
        case "heap" ->
            maxHeap = field(fields, 2).matches("\\d{1,18}") ? Long.parseLong(field(fields, 2)) : 0;
        case "end" -> ended = true;
        default -> {} // a later trial's word this Kiln does not know
      }
    }
    return new TrialReport(
        started, List.copyOf(builders), refusal, exitFrom, memoryError, maxHeap, ended);
  }

  private static String field(String[] fields, int index) {
    return index < fields.length ? unescape(fields[index]) : "";
  }

  static String escape(String text) {
    return String.valueOf(text)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r");
  }

  static String unescape(String text) {
    var out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(++i);
        out.append(
            switch (next) {
              case 't' -> '\t';
              case 'n' -> '\n';
              case 'r' -> '\r';
              default -> next;
            });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Writes a report, in the trial JVM; each line is flushed at once, since the JVM may end at any
   * moment.
   */
  static final class Writer {

    private final PrintStream out;

    Writer(PrintStream out) {
      this.out = out;
    }

    synchronized void started() {
      line("started");
    }

    synchronized void builder(BuilderDescriptor descriptor) {
      List<String> settings =
          descriptor.settings().stream().map(field -> field.key() + " " + field.type()).toList();
      line("builder", descriptor.id(), descriptor.name(), String.join(", ", settings));
    }

    synchronized void refused(String reason) {
      line("refused", reason);
    }

    synchronized void exitCalled(String from) {
      line("exit", from);
    }

    synchronized void heap(long maxHeap) {
      line("heap", Long.toString(maxHeap));
    }

    synchronized void end() {
      line("end");
    }

    private void line(String word, String... fields) {
      var line = new StringBuilder(PREFIX).append('\t').append(word);
      for (String field : fields) {
        line.append('\t').append(escape(field));
      }
      out.print(line.append('\n'));
      out.flush();
    }
  }
}

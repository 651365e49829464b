package dev.kiln.builder.gha;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A project's extra workflow inputs, written one {@code key=value} per line. Blank lines and lines
 * starting with {@code #} are ignored; a value may contain {@code =} and may be empty.
 */
final class InputLines {

  /** The inputs Kiln sets itself on every dispatch. */
  static final Set<String> RESERVED =
      Set.of(
          RunKey.BUILD_ID_INPUT,
          RunKey.RUN_KEY_INPUT,
          RunKey.GIT_REF_INPUT,
          RunKey.GIT_COMMIT_INPUT);

  /** GitHub's rule for input names: a letter or underscore, then letters, digits, - or _. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private InputLines() {}

  /** The inputs in the order written; call {@link #problems} first, invalid lines are skipped. */
  static Map<String, String> parse(String text) {
    Map<String, String> inputs = new LinkedHashMap<>();
    for (String line : meaningful(text)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        inputs.putIfAbsent(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return inputs;
  }

  /** One message per invalid line, naming the line, or empty when all lines are valid. */
  static List<String> problems(String text) {
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? "" : line.substring(0, eq).strip();
      String where = "Line " + (i + 1) + ": ";
      if (eq < 0) {
        problems.add(where + "write key=value.");
      } else if (!NAME.matcher(key).matches()) {
        problems.add(
            where
                + "an input name starts with a letter or _ and holds only letters, digits, - and _.");
      } else if (RESERVED.contains(key)) {
        problems.add(where + key + " is set by Kiln itself.");
      } else if (!seen.add(key)) {
        problems.add(where + key + " is given twice.");
      }
    }
    return problems;
  }

  private static List<String> meaningful(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }
}

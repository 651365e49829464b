package dev.kiln.portal.build;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A build's parameters: environment variables its trigger gives the script (a schedule's, a
 * webhook's). Stored as a JSON object of strings.
 */
public final class Parameters {

  /** At most this many parameters per trigger. */
  public static final int MAX_COUNT = 50;
  /** At most this many characters per value. */
  public static final int MAX_VALUE_LENGTH = 4096;

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

  private Parameters() {}

  /**
   * Checks parameters a user or a sender gave.
   *
   * @return what is wrong, in words, or {@code null} when they are fine
   */
  public static String problem(Map<String, String> parameters) {
    if (parameters.size() > MAX_COUNT) {
      return "At most " + MAX_COUNT + " parameters.";
    }
    for (var e : parameters.entrySet()) {
      if (!NAME.matcher(e.getKey()).matches()) {
        return "Parameter '" + e.getKey() + "' is not a valid variable name: use letters, digits and _,"
            + " not starting with a digit.";
      }
      if (e.getKey().toUpperCase(java.util.Locale.ROOT).startsWith("KILN_")) {
        return "Parameter '" + e.getKey() + "': names starting with KILN_ are Kiln's own.";
      }
      if (e.getValue() == null || e.getValue().length() > MAX_VALUE_LENGTH) {
        return "Parameter '" + e.getKey() + "' needs a value of at most " + MAX_VALUE_LENGTH + " characters.";
      }
    }
    return null;
  }

  /**
   * Reads {@code NAME=value} lines, as a form takes them; blank lines and lines starting with # are skipped.
   *
   * @throws IllegalArgumentException naming the line that has no {@code =}
   */
  public static Map<String, String> parseLines(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    int number = 0;
    for (String line : (text == null ? "" : text).split("\\R")) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Line " + number + ": write NAME=value.");
      }
      values.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
    }
    return values;
  }

  /** The parameters as {@code NAME=value} lines, sorted by name. */
  public static String toLines(Map<String, String> parameters) {
    var lines = new StringBuilder();
    new TreeMap<>(parameters).forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
    return lines.toString();
  }

  public static String write(Map<String, String> parameters) {
    return JSON.writeValueAsString(new TreeMap<>(parameters));
  }

  public static Map<String, String> read(String json) {
    return json == null || json.isBlank() ? Map.of() : Map.copyOf(JSON.readValue(json, MAP));
  }
}

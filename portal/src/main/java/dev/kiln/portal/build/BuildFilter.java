package dev.kiln.portal.build;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which of a project's builds to list: any combination of a state, a branch or tag, a trigger kind
 * and the start of a commit's SHA; {@code null} for "any".
 *
 * @param ref a branch or tag as people say it ({@code main}, {@code v1.2}), or a full ref ({@code
 *     refs/tags/v1.2}); a plain name is a branch, or a tag when the project has builds of a tag of
 *     that name and none of a branch
 * @param commit the first 4 to 40 hex digits of the commit, lower case
 */
public record BuildFilter(BuildState state, String ref, TriggerKind trigger, String commit) {

  /** Every build. */
  public static final BuildFilter ANY = new BuildFilter(null, null, null, null);

  /** Fewer digits match too many commits to be a search. */
  public static final int MIN_COMMIT_DIGITS = 4;

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{" + MIN_COMMIT_DIGITS + ",40}");

  /**
   * A filter from what a user typed, blanks meaning "any".
   *
   * @throws InvalidBuildFilterException naming each field that is wrong, and why
   */
  public static BuildFilter parse(String state, String ref, String trigger, String commit) {
    Map<String, String> problems = new LinkedHashMap<>();
    BuildState s = choice("state", state, BuildState.class, problems);
    TriggerKind t = choice("trigger", trigger, TriggerKind.class, problems);
    String r = blank(ref) ? null : ref.strip();
    if (r != null && (r.length() > 255 || r.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
      problems.put("ref", "A branch or tag name: at most 255 characters, no control characters.");
    }
    String c = blank(commit) ? null : commit.strip().toLowerCase(Locale.ROOT);
    if (c != null && !HEX.matcher(c).matches()) {
      problems.put(
          "commit",
          "The start of a commit's SHA: "
              + MIN_COMMIT_DIGITS
              + " to 40 hex digits (0-9, a-f), not '"
              + shown(commit)
              + "'.");
    }
    if (!problems.isEmpty()) {
      throw new InvalidBuildFilterException(problems);
    }
    return new BuildFilter(s, r, t, c);
  }

  /** Whether it lets every build through. */
  public boolean any() {
    return equals(ANY);
  }

  private static <E extends Enum<E>> E choice(
      String field, String given, Class<E> type, Map<String, String> problems) {
    if (blank(given)) {
      return null;
    }
    try {
      return Enum.valueOf(type, given.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.put(
          field,
          "'"
              + shown(given)
              + "' is not one of "
              + Arrays.stream(type.getEnumConstants())
                  .map(Enum::name)
                  .collect(Collectors.joining(", "))
              + ".");
      return null;
    }
  }

  /** What the user gave, short and printable, to quote back. */
  private static String shown(String given) {
    String s = given.strip().replaceAll("\\p{Cntrl}", "?");
    return s.length() > 45 ? s.substring(0, 45) + "…" : s;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}

package dev.kiln.portal.base;

/**
 * Checks on text a user enters before it reaches the database: its length counted as PostgreSQL
 * counts a {@code varchar(n)} (characters, not UTF-16 units), and the characters PostgreSQL cannot
 * store (NUL) or that would be stored changed (a lone UTF-16 surrogate becomes "?"). Callers take
 * the limit from the entity's column constant, so the check and the column cannot drift.
 */
public final class TextRules {

  private TextRules() {}

  /**
   * What is wrong with a text for a column of {@code max} characters, in words for the user, or
   * {@code null} when it fits.
   */
  public static String problem(String text, int max) {
    String characters = characterProblem(text);
    if (characters != null) {
      return characters;
    }
    int length = text == null ? 0 : text.codePointCount(0, text.length());
    return length <= max ? null : "Use at most " + max + " characters; this has " + length + ".";
  }

  /**
   * What is wrong with a text of any length (a script, a list of patterns), or {@code null}: the
   * characters the database cannot store as they are.
   */
  public static String characterProblem(String text) {
    if (text == null) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "Remove the NUL character (U+0000) at position "
            + (i + 1)
            + ": it cannot be stored.";
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "Remove the broken character at position "
            + (i + 1)
            + " (half of a UTF-16 surrogate pair): it is"
            + " not text.";
      }
    }
    return null;
  }

  /**
   * A one-line name: at most {@code max} characters, no control characters (tabs and line breaks
   * included).
   */
  public static String nameProblem(String name, int max) {
    String problem = problem(name, max);
    if (problem == null && name != null && name.chars().anyMatch(Character::isISOControl)) {
      return "Use no control characters (such as tabs or line breaks).";
    }
    return problem;
  }

  /**
   * Keeps a value from elsewhere (a webhook, a commit) short and on one line: control characters
   * become {@code ?}, and a long value ends in {@code …}. Null stays null.
   */
  public static String clip(String value, int max) {
    if (value == null) {
      return null;
    }
    String clean = value.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
  }
}

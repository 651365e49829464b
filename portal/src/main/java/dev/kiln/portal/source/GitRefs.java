package dev.kiln.portal.source;

import dev.kiln.portal.source.SourceException.Problem;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a build may ask for, checked before any git call: a commit SHA (hex only) or a ref name
 * following {@code git check-ref-format}'s rules, never one git could take as an option or a path
 * outside {@code refs/}.
 */
public final class GitRefs {

  private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,40}");

  private GitRefs() {}

  /** Whether {@code text} is a full 40-character SHA (lower-case hex). */
  static boolean isFullSha(String text) {
    return text != null && FULL_SHA.matcher(text).matches();
  }

  /** Whether {@code text} could be a (short) SHA: 7 to 40 hex digits. */
  static boolean looksLikeSha(String text) {
    return text != null && SHA.matcher(text).matches();
  }

  /** {@code sha} in lower case, refused unless it is a full 40-character SHA. */
  static String fullSha(String sha) throws SourceException {
    String lower = sha == null ? "" : sha.toLowerCase(Locale.ROOT);
    if (!isFullSha(lower)) {
      throw refused("'" + printable(sha) + "' is not a commit SHA (40 hexadecimal digits).");
    }
    return lower;
  }

  /**
   * Refuses a branch, tag or full ref name that git would refuse or read as something else: empty,
   * starting with '-' or '/', with "..", "@{", "//", control characters, spaces or any of {@code ~
   * ^ : ? * [ \}, a component starting with '.' or ending with ".lock", or ending with '/' or '.'.
   */
  static String checkName(String name, String what) throws SourceException {
    if (name == null || name.isEmpty()) {
      throw refused("The " + what + " is empty.");
    }
    String problem = problem(name);
    if (problem != null) {
      throw refused("'" + printable(name) + "' is not a valid " + what + ": " + problem + ".");
    }
    return name;
  }

  private static String problem(String name) {
    if (name.length() > 255) {
      return "it is longer than 255 characters";
    }
    if (name.startsWith("-")) {
      return "it starts with '-'";
    }
    if (name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
      return "it starts or ends with '/' or has '//'";
    }
    if (name.contains("..") || name.contains("@{") || name.equals("@") || name.endsWith(".")) {
      return "it has '..' or '@{', is '@', or ends with '.'";
    }
    for (char c : name.toCharArray()) {
      if (c < 0x20 || c == 0x7f || " ~^:?*[\\".indexOf(c) >= 0) {
        return "it has a space, a control character or one of ~ ^ : ? * [ \\";
      }
    }
    for (String component : name.split("/")) {
      if (component.startsWith(".") || component.endsWith(".lock")) {
        return "a part starts with '.' or ends with '.lock'";
      }
    }
    return null;
  }

  /** {@code text} with control characters shown as '?', for messages. */
  static String printable(String text) {
    if (text == null) {
      return "";
    }
    String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }

  /**
   * Why {@code name} cannot be a branch, tag or full ref to build, in words naming it; null when it
   * can. What triggers are checked with when a build is queued, before any git runs.
   */
  public static String nameProblem(String name) {
    try {
      checkName(name, "branch, tag or commit");
      return null;
    } catch (SourceException e) {
      return e.getMessage();
    }
  }

  private static SourceException refused(String message) {
    return new SourceException(Problem.REFUSED_INPUT, message);
  }
}

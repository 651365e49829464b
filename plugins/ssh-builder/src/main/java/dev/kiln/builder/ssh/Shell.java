package dev.kiln.builder.ssh;

import java.util.regex.Pattern;

/** Builds POSIX shell command lines for the remote login shell. */
final class Shell {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Shell() {}

  /**
   * {@code text} as one single-quoted shell word. Inside single quotes everything is literal,
   * newlines included; only the quote itself needs the close-escape-reopen dance.
   */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** Tells whether {@code name} can be an environment variable's name in a shell. */
  static boolean isVariableName(String name) {
    return NAME.matcher(name).matches();
  }
}

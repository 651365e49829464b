package dev.kiln.builder.ssh;

/** Builds POSIX shell command lines for the remote login shell. */
final class Shell {

  private Shell() {}

  /**
   * {@code text} as one single-quoted shell word. Inside single quotes everything is literal,
   * newlines included; only the quote itself needs the close-escape-reopen dance.
   */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}

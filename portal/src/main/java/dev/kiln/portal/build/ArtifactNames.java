package dev.kiln.portal.build;

import dev.kiln.portal.build.domain.Artifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Turns the artifact paths a builder reports into the names Kiln stores, lists and serves: a path
 * that would leave the build's folder is refused; one that shows a secret, has control characters
 * (line breaks that would forge log lines or download headers, bidirectional overrides that
 * disguise a name) or is too long is renamed, and the build's log says so. One per build run.
 */
final class ArtifactNames {

  /** The most bytes of one path segment, which local file systems allow. */
  static final int MAX_SEGMENT_BYTES = 255;

  private final UnaryOperator<String> masked;
  private final Set<String> used = new HashSet<>();
  private final Set<String> renamed = new HashSet<>();

  /**
   * @param masked the build's secret values masked in a text
   */
  ArtifactNames(UnaryOperator<String> masked) {
    this.masked = masked;
  }

  /** The stored name for {@code path} and, when it differs, why. */
  record Name(String path, String renamedBecause) {}

  synchronized Name name(String path) throws IOException {
    String relative = checked(path);
    String reason = null;
    String name = masked.apply(relative);
    if (!name.equals(relative)) {
      reason = "it showed a secret";
    }
    String printable = printable(name);
    if (!printable.equals(name)) {
      reason = "it had line breaks or other control characters";
      name = printable;
    }
    String shortened = shortened(name);
    if (!shortened.equals(name)) {
      reason =
          "it was longer than "
              + Artifact.PATH_LENGTH
              + " characters or had a part over "
              + MAX_SEGMENT_BYTES
              + " bytes";
      name = shortened;
    }
    if (reason != null || renamed.contains(name)) {
      // A renamed artifact never replaces another one, nor is replaced: a builder storing the same
      // path twice still replaces its own artifact.
      name = unused(name);
      renamed.add(name);
    }
    used.add(name);
    return new Name(name, reason);
  }

  /** A relative path inside the workspace, or an exception: a plugin must not write elsewhere. */
  static String checked(String path) throws IOException {
    if (path == null
        || path.isBlank()
        || path.startsWith("/")
        || path.contains("\\")
        || path.indexOf('\0') >= 0) {
      throw new IOException("not a relative artifact path");
    }
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IOException("not a relative artifact path");
      }
    }
    return path;
  }

  /**
   * Control, format (zero-width, bidirectional) and separator characters, and lone surrogates, as
   * {@code _}.
   */
  private static String printable(String name) {
    StringBuilder out = new StringBuilder(name.length());
    name.codePoints()
        .forEach(
            c ->
                out.appendCodePoint(
                    switch (Character.getType(c)) {
                      case Character.CONTROL,
                          Character.FORMAT,
                          Character.LINE_SEPARATOR,
                          Character.PARAGRAPH_SEPARATOR,
                          Character.SURROGATE,
                          Character.PRIVATE_USE,
                          Character.UNASSIGNED ->
                          '_';
                      default -> c;
                    }));
    return out.toString();
  }

  /**
   * Each segment cut to fit a file system, keeping its end (the extension); then the whole path.
   */
  private static String shortened(String name) {
    StringBuilder out = new StringBuilder();
    for (String segment : name.split("/")) {
      if (!out.isEmpty()) {
        out.append('/');
      }
      String kept = segment;
      while (kept.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES - 1) {
        kept = kept.substring(kept.offsetByCodePoints(0, 1));
      }
      out.append(kept.equals(segment) ? segment : "~" + kept);
    }
    String path = out.toString();
    if (path.length() <= Artifact.PATH_LENGTH) {
      return path;
    }
    // Too deep: keep the file's own name, and a stand-in for its folders.
    String file = path.substring(path.lastIndexOf('/') + 1);
    return "~" + Integer.toHexString(path.hashCode()) + "/" + file;
  }

  /**
   * {@code name}, or {@code name~2}, {@code name~3}… before its extension, whichever no artifact of
   * this run has.
   */
  private String unused(String name) {
    if (!used.contains(name)) {
      return name;
    }
    int slash = name.lastIndexOf('/');
    int dot = name.lastIndexOf('.');
    int cut = dot > slash + 1 ? dot : name.length();
    for (int n = 2; ; n++) {
      String candidate = name.substring(0, cut) + "~" + n + name.substring(cut);
      if (!used.contains(candidate)) {
        return candidate;
      }
    }
  }
}

package dev.kiln.portal.project;

import dev.kiln.portal.base.TextRules;
import dev.kiln.portal.source.GitRefs;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which branch, tag and commit names a trigger or a project may give, checked before anything is
 * saved or queued: git's own rules for ref names ({@code git check-ref-format}), and nothing that
 * git, or a shell, could read as an option or a path out of the repository ({@code
 * --upload-pack=…}, {@code ../x}). The runner checks again before it calls git.
 */
public final class RefNames {

  /** Longest name accepted, in characters (the column is 255). */
  public static final int MAX_LENGTH = 200;

  /** A commit's SHA-1 (or an abbreviation of at least 7 digits), lower-case hex. */
  public static final Pattern SHA = Pattern.compile("[0-9a-f]{7,40}");

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._/+@#,=-]+");

  private RefNames() {}

  /**
   * Why {@code name} cannot be a branch, a tag or a commit to build (in words, naming the name);
   * empty when it can. Full refs ({@code refs/heads/main}, {@code refs/tags/v1}) are accepted too.
   */
  public static Optional<String> problem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("Give a branch, a tag or a commit.");
    }
    String shown = TextRules.clip(name, 60);
    if (name.length() > MAX_LENGTH) {
      return Optional.of("'" + shown + "' is too long: at most " + MAX_LENGTH + " characters.");
    }
    if (!ALLOWED.matcher(name).matches()) {
      return Optional.of(
          "'"
              + shown
              + "' is not a branch, tag or commit name: use letters, digits and . _ / + @ # , = -"
              + " (no spaces or control characters).");
    }
    return Optional.ofNullable(GitRefs.nameProblem(name));
  }

  /** Whether {@code name} reads as a commit's SHA rather than a branch or tag. */
  public static boolean isSha(String name) {
    return name != null && SHA.matcher(name).matches();
  }
}

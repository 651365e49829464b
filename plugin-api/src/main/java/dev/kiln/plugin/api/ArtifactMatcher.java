package dev.kiln.plugin.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/**
 * Tells which files of a workspace are a build's artifacts: those whose path matches one of {@link
 * BuildRequest#artifactPatterns()}. Every builder should use it, so that a pattern means the same
 * on every builder and no pattern can make matching slow.
 *
 * <p>The syntax and meaning are those of the JDK's {@code getPathMatcher("glob:...")} on Unix,
 * which Kiln's builders used before: {@code *} matches within one name (not across {@code /}),
 * {@code **} across names, {@code ?} one character other than {@code /}, {@code [abc]}, {@code
 * [a-z]} and {@code [!x]} one character of a set, {@code {a,b}} one of the alternatives (not
 * nested), and {@code \} escapes the next character. Unlike the JDK's, {@code **} also matches a
 * line break inside a name, so no file escapes a pattern by its name (Kiln stores it under a
 * printable name and says so in the log). One rule is Kiln's own: a pattern starting with {@code
 * **}{@code /} also matches at the top of the workspace, so {@code **}{@code /*.jar} matches {@code
 * app.jar} too.
 *
 * <p>Matching takes time proportional to the path's length times the pattern's, never more. The
 * JDK's matcher backtracks: with {@code **a**a**a**a**a**a**b} its time grows with the 7th power of
 * the name's length, 6 s for 50 characters and most of an hour for 120. Patterns are also bounded
 * (see the limits below); Kiln refuses longer ones when a project is saved, and {@link #of(List)}
 * refuses them at run time.
 *
 * <p>Paths are relative to the workspace, with {@code /} between names and no leading {@code /}.
 * Instances are immutable and thread-safe.
 *
 * <p>Stability: stable.
 *
 * @since 1.2
 */
@Stable
public final class ArtifactMatcher {

  /** The most patterns a build may have. */
  public static final int MAX_PATTERNS = 50;

  /** The longest pattern, in characters. */
  public static final int MAX_PATTERN_LENGTH = 256;

  /** The most wildcards ({@code *}, {@code **}, {@code ?}, {@code [...]}) in one pattern. */
  public static final int MAX_WILDCARDS = 16;

  /** The most alternatives in one pattern's {@code {...}} groups together. */
  public static final int MAX_ALTERNATIVES = 16;

  /**
   * How many files a builder looks at before it stops looking for artifacts, saying so in the log:
   * a workspace with millions of files must not keep a node busy long after its build.
   */
  public static final int MAX_FILES_EXAMINED = 1_000_000;

  private final List<String> patterns;
  private final List<Glob> globs;

  private ArtifactMatcher(List<String> patterns, List<Glob> globs) {
    this.patterns = List.copyOf(patterns);
    this.globs = List.copyOf(globs);
  }

  /**
   * The matcher for a build's patterns.
   *
   * @throws IllegalArgumentException when a pattern is not valid or over a limit, or there are too
   *     many; its message names the pattern and the problem, for the build's log or error
   */
  public static ArtifactMatcher of(List<String> patterns) {
    if (patterns.size() > MAX_PATTERNS) {
      throw new IllegalArgumentException(tooMany(patterns.size()));
    }
    List<Glob> globs = new ArrayList<>();
    for (String pattern : patterns) {
      Glob glob = compile(pattern);
      globs.add(glob);
      if (pattern.startsWith("**/")) {
        globs.add(compile(pattern.substring(3)));
      }
    }
    return new ArtifactMatcher(patterns, globs);
  }

  /** Why {@code pattern} cannot be used, in words for the user; empty when it can. */
  public static Optional<String> problem(String pattern) {
    try {
      compile(pattern);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * Why this list of patterns cannot be used (too many, or the first bad one); empty when it can.
   */
  public static Optional<String> problem(List<String> patterns) {
    if (patterns.size() > MAX_PATTERNS) {
      return Optional.of(tooMany(patterns.size()));
    }
    return patterns.stream().map(ArtifactMatcher::problem).flatMap(Optional::stream).findFirst();
  }

  /** Tells whether {@code path} matches one of the patterns. */
  public boolean matches(String path) {
    for (Glob glob : globs) {
      if (glob.matches(path)) {
        return true;
      }
    }
    return false;
  }

  /** Tells whether there are no patterns, so that no file is an artifact. */
  public boolean isEmpty() {
    return globs.isEmpty();
  }

  /** The patterns, as given. */
  public List<String> patterns() {
    return patterns;
  }

  @Override
  public String toString() {
    return "ArtifactMatcher" + patterns;
  }

  private static Glob compile(String pattern) {
    String quoted = "'" + pattern + "'";
    if (pattern.length() > MAX_PATTERN_LENGTH) {
      throw new IllegalArgumentException(
          "'"
              + pattern.substring(0, 40)
              + "…' has "
              + pattern.length()
              + " characters; a pattern may have at most "
              + MAX_PATTERN_LENGTH
              + ".");
    }
    Glob glob;
    try {
      glob = Glob.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          quoted
              + " is not a valid glob: "
              + e.getDescription()
              + (e.getIndex() >= 0 ? " (at character " + (e.getIndex() + 1) + ")" : "")
              + ".");
    }
    if (glob.wildcards() > MAX_WILDCARDS) {
      throw new IllegalArgumentException(
          quoted
              + " has "
              + glob.wildcards()
              + " wildcards (*, **, ?, [...]);"
              + " a pattern may have at most "
              + MAX_WILDCARDS
              + ".");
    }
    if (glob.alternatives() > MAX_ALTERNATIVES) {
      throw new IllegalArgumentException(
          quoted
              + " has "
              + glob.alternatives()
              + " alternatives in {...};"
              + " a pattern may have at most "
              + MAX_ALTERNATIVES
              + ".");
    }
    return glob;
  }

  private static String tooMany(int count) {
    return count
        + " artifact patterns are too many; a project may have at most "
        + MAX_PATTERNS
        + ".";
  }
}

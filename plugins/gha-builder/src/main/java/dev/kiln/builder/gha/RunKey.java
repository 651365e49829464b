package dev.kiln.builder.gha;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unique key Kiln gives each dispatch, {@code kiln-<build id>-<12 hex digits>}. The workflow
 * puts it in its {@code run-name}, which is how Kiln finds the run it started among all others and
 * how the orphan reaper tells which Kiln build a run belongs to.
 */
final class RunKey {

  /** The workflow input that carries Kiln's build id. */
  static final String BUILD_ID_INPUT = "kiln_build_id";

  /** The workflow input that carries the key; the workflow's run-name must contain it. */
  static final String RUN_KEY_INPUT = "kiln_run_key";

  /** The inputs that carry the ref and the commit of a build of a project with a repository. */
  static final String GIT_REF_INPUT = "kiln_git_ref", GIT_COMMIT_INPUT = "kiln_git_commit";

  // Greedy: a build id may hold dashes; the key ends at the last dash followed by the 12 digits.
  private static final Pattern KEY = Pattern.compile("kiln-(\\S+)-[0-9a-f]{12}(?![0-9A-Za-z])");
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunKey() {}

  /** A new key for a dispatch of {@code buildId}. */
  static String create(String buildId) {
    byte[] nonce = new byte[6];
    RANDOM.nextBytes(nonce);
    return "kiln-" + buildId + "-" + HexFormat.of().formatHex(nonce);
  }

  /** The Kiln build id in a run's title, when the title holds a key. */
  static Optional<String> buildIdIn(String title) {
    Matcher matcher = KEY.matcher(title == null ? "" : title);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}

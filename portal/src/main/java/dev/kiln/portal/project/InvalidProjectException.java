package dev.kiln.portal.project;

import java.util.Map;

/** The project was not saved; {@link #problems()} says why, by field. */
public class InvalidProjectException extends RuntimeException {

  /** Field names used as keys of {@link #problems()}; builder settings use their own keys. */
  public static final String NAME = "name",
      BUILDER = "builder",
      SCRIPT = "script",
      PATTERNS = "artifactPatterns",
      TIMEOUT = "timeout",
      DESCRIPTION = "description",
      SECRETS = "secretNames",
      PRIORITY = "priority",
      RETRIES = "retries",
      REPOSITORY = "repository",
      DEFAULT_BRANCH = "defaultBranch",
      CREDENTIAL = "credentialSecret",
      BRANCH_PATTERNS = "branchPatterns",
      TAG_PATTERNS = "tagPatterns",
      CONFLICT = "";

  private final transient Map<String, String> problems;

  public InvalidProjectException(Map<String, String> problems) {
    super("The project was not saved: " + String.join(" ", problems.values()));
    this.problems = Map.copyOf(problems);
  }

  /** What is wrong, by field key. */
  public Map<String, String> problems() {
    return problems;
  }
}

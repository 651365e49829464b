package dev.kiln.portal.build;

/**
 * Whether a build receives its secrets. Every build does but one of a pull request from a fork: its
 * code (build files, tests, anything the script runs) was written outside the project, so it gets
 * none, neither the project's listed secrets nor those its builder settings name, unless an owner
 * approved giving them to that commit. Retries and rebuilds keep the policy of the build they
 * repeat, since they build the same commit.
 *
 * @param withheld the build gets no secrets
 * @param approvedBy the owner who approved giving secrets to a fork's commit, or {@code null}
 */
public record SecretsPolicy(boolean withheld, String approvedBy) {

  /** Trusted code: a push, a pull request from the repository itself, a user's run. */
  public static final SecretsPolicy GIVEN = new SecretsPolicy(false, null);

  /** A fork's code that no owner approved. */
  public static final SecretsPolicy WITHHELD = new SecretsPolicy(true, null);

  /** A fork's commit that {@code owner} approved: it gets the secrets. */
  public static SecretsPolicy approvedBy(String owner) {
    return new SecretsPolicy(false, owner);
  }
}

package dev.kiln.portal.project;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** git's listing and errors turned into the words "Check access" shows. */
class RemoteRefsTest {

  private static final String A = "a".repeat(40);
  private static final String B = "b".repeat(40);

  private static final String LISTING =
      "ref: refs/heads/trunk\tHEAD\n"
          + A
          + "\tHEAD\n"
          + A
          + "\trefs/heads/trunk\n"
          + B
          + "\trefs/heads/feature/x\n"
          + B
          + "\trefs/tags/v1\n"
          + A
          + "\trefs/tags/v1^{}\n"
          + B
          + "\trefs/pull/1/head\n";

  @Test
  void theDefaultBranchIsTheRepositorysHeadWhenNoneIsGiven() {
    RepositoryAccess ok = RemoteRefs.parse(LISTING).find("");
    assertThat(ok).isEqualTo(RepositoryAccess.ok("OK: trunk is at aaaaaaa (2 branches, 1 tag)."));
    assertThat(RemoteRefs.parse(LISTING).find("feature/x").words())
        .startsWith("OK: feature/x is at bbbbbbb");
  }

  @Test
  void aMissingBranchNamesSomeThatExist() {
    RepositoryAccess missing = RemoteRefs.parse(LISTING).find("main");
    assertThat(missing.reachable()).isFalse();
    assertThat(missing.words())
        .isEqualTo("Branch main is missing from the repository. It has trunk, feature/x.");
    assertThat(RemoteRefs.parse("").find("").words()).contains("empty");
  }

  @Test
  void gitsErrorsAreNamed() {
    assertThat(
            RemoteRefs.problem(
                    "fatal: unable to access 'https://x.invalid/a.git/': Could not resolve host: x.invalid\n")
                .words())
        .startsWith("Unknown host");
    assertThat(
            RemoteRefs.problem(
                    "ssh: Could not resolve hostname x.invalid: Name or service not known\nfatal: Could not read from remote repository.")
                .words())
        .startsWith("Unknown host");
    assertThat(
            RemoteRefs.problem(
                    "git@h: Permission denied (publickey).\r\nfatal: Could not read from remote repository.")
                .words())
        .startsWith("The repository refused the credential");
    assertThat(
            RemoteRefs.problem(
                    "fatal: could not read Username for 'https://h': terminal prompts disabled")
                .words())
        .startsWith("The repository refused the credential");
    assertThat(
            RemoteRefs.problem(
                    "Host key verification failed.\nfatal: Could not read from remote repository.")
                .words())
        .startsWith("This node does not know the SSH host's key");
    assertThat(RemoteRefs.problem("fatal: '/srv/x' does not appear to be a git repository").words())
        .startsWith("Not a git repository");
    assertThat(RemoteRefs.problem("fatal: repository 'https://h/x.git/' not found").words())
        .startsWith("Not a git repository");
    assertThat(RemoteRefs.problem("ssh: connect to host h port 22: Connection refused").words())
        .startsWith("The host did not accept a connection")
        .endsWith("git said: ssh: connect to host h port 22: Connection refused");
  }

  @Test
  void theCredentialIsTakenOutOfAnAnswerLineByLine() {
    String key = "-----BEGIN KEY-----\nsecretline123456\n-----END KEY-----";
    assertThat(RepositoryCheckRuns.redact("echoed secretline123456 and the whole " + key, key))
        .isEqualTo("echoed [credential] and the whole [credential]");
    assertThat(RepositoryCheckRuns.redact("nothing", "")).isEqualTo("nothing");
  }
}

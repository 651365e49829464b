package dev.kiln.portal.project;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Branch, tag and commit names a trigger may give, and the ones crafted as options or paths. */
class RefNamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "main",
        "release/1.x",
        "v1.2.3",
        "refs/heads/feature/x",
        "refs/tags/v2",
        "0123abc",
        "0123456789abcdef0123456789abcdef01234567",
        "user@fix+2"
      })
  void acceptsWhatGitAccepts(String name) {
    assertThat(RefNames.problem(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--upload-pack=touch /tmp/pwned",
        "-b",
        "../x",
        "a/../b",
        "/etc/passwd",
        "x/",
        "a//b",
        ".hidden",
        "a/.b",
        "x.lock",
        "a..b",
        "x@{1}",
        "@",
        "tab\there",
        "new\nline",
        "sp ace",
        "back\\slash",
        "star*",
        "que?",
        "br[ack]et",
        "ti~lde",
        "ca^ret",
        "co:lon",
        "$(id)",
        "`id`",
        ""
      })
  void refusesOptionsPathsAndWhatGitRefuses(String name) {
    assertThat(RefNames.problem(name)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--upload-pack=x", "../x"})
  void theMessageNamesTheName(String name) {
    assertThat(RefNames.problem(name)).hasValueSatisfying(m -> assertThat(m).contains(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc1234", "0123456789abcdef0123456789abcdef01234567"})
  void shasReadAsCommits(String name) {
    assertThat(RefNames.isSha(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc123", "main", "ABC1234", "0123456789abcdef0123456789abcdef012345678"})
  void otherNamesDoNot(String name) {
    assertThat(RefNames.isSha(name)).isFalse();
  }
}

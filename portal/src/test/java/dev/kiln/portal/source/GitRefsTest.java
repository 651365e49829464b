package dev.kiln.portal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitRefsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "main",
        "release/1.x",
        "feature/ABC-12_x",
        "v1.0.0",
        "refs/heads/main",
        "refs/tags/v2",
        "refs/pull/7/head",
        "ü-branch"
      })
  void acceptsWhatGitAccepts(String name) throws Exception {
    assertThat(GitRefs.checkName(name, "branch")).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--upload-pack=touch /tmp/x",
        "-x",
        "../x",
        "a/../b",
        "refs/heads/../../x",
        "/etc/passwd",
        "a//b",
        "a/",
        "a.",
        ".hidden",
        "a/.b",
        "x.lock",
        "a@{1}",
        "@",
        "a b",
        "a\tb",
        "a\nb",
        "a~1",
        "a^",
        "a:b",
        "a?",
        "a*",
        "a[",
        "a\\b",
        "a\u007fb"
      })
  void refusesNamesGitWouldReadAsSomethingElse(String name) {
    assertThatThrownBy(() -> GitRefs.checkName(name, "branch"))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("is not a valid branch")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\t"));
  }

  @Test
  void shasAreHexOnly() throws Exception {
    String sha = "0123456789abcdef0123456789ABCDEF01234567";
    assertThat(GitRefs.fullSha(sha)).isEqualTo(sha.toLowerCase());
    assertThat(GitRefs.looksLikeSha("abc1234")).isTrue();
    assertThat(GitRefs.looksLikeSha("abc123")).isFalse();
    assertThat(GitRefs.looksLikeSha("--abc1234")).isFalse();
    assertThatThrownBy(() -> GitRefs.fullSha("HEAD")).hasMessageContaining("not a commit SHA");
    assertThatThrownBy(() -> GitRefs.fullSha(sha.substring(1) + "g"))
        .hasMessageContaining("not a commit SHA");
  }
}

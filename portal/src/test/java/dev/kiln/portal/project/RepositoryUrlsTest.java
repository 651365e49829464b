package dev.kiln.portal.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.project.RepositoryUrls.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a project's repository may have, and why others are refused. */
class RepositoryUrlsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://github.com/pypa/sampleproject.git",
        "https://git.example.org:8443/group/sub/repo",
        "ssh://git@git.example.org:2222/srv/repo.git",
        "git@github.com:pypa/sampleproject.git",
        "http://127.0.0.1:8080/git/app.git"
      })
  void acceptsNetworkAddresses(String url) {
    assertThat(RepositoryUrls.problem(url, false, true)).isEmpty();
  }

  @Test
  void kindsDecideTheCredential() {
    assertThat(RepositoryUrls.kind("https://h/r")).isEqualTo(Kind.HTTPS);
    assertThat(RepositoryUrls.kind("HTTP://h/r")).isEqualTo(Kind.HTTP);
    assertThat(RepositoryUrls.kind("ssh://h/r")).isEqualTo(Kind.SSH);
    assertThat(RepositoryUrls.kind("git@h:r.git")).isEqualTo(Kind.SSH);
    assertThat(RepositoryUrls.kind("/srv/git/r")).isEqualTo(Kind.LOCAL);
    assertThat(RepositoryUrls.kind("file:///srv/git/r")).isEqualTo(Kind.LOCAL);
  }

  @Test
  void localPathsOnlyWhereTheInstallationAllowsThem() {
    assertThat(RepositoryUrls.problem("/srv/git/app", true, false)).isEmpty();
    assertThat(RepositoryUrls.problem("file:///srv/git/app", true, false)).isEmpty();
    assertThat(RepositoryUrls.problem("/srv/git/app", false, false))
        .hasValueSatisfying(m -> assertThat(m).contains("kiln.sources.allow-local-paths"));
    assertThat(RepositoryUrls.problem("/srv/git/../../etc", true, false))
        .hasValueSatisfying(m -> assertThat(m).contains(".."));
    assertThat(RepositoryUrls.problem("relative/path", true, false))
        .hasValueSatisfying(m -> assertThat(m).contains("absolute local path"));
  }

  @Test
  void aPasswordBelongsInASecret() {
    assertThat(RepositoryUrls.problem("https://me:hunter2@github.com/o/r.git", false, false))
        .hasValueSatisfying(
            m -> assertThat(m).contains("Remove the password").doesNotContain("hunter2"));
  }

  @Test
  void aTokenNeverCrossesTheNetworkInClear() {
    assertThat(RepositoryUrls.problem("http://git.example.org/r.git", false, true))
        .hasValueSatisfying(m -> assertThat(m).contains("https://"));
    assertThat(RepositoryUrls.problem("http://git.example.org/r.git", false, false)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--upload-pack=touch /tmp/x",
        "-oProxyCommand=id",
        "ext::sh -c touch% /tmp/pwned",
        "fd::17",
        "https://exa mple.org/r",
        "https://",
        "https://example.org/",
        "ftp://example.org/r.git"
      })
  void refusesOptionsTransportsAndNonsense(String url) {
    assertThat(RepositoryUrls.problem(url, true, false)).isPresent();
  }
}

package dev.kiln.portal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.source.SourceException.Problem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitUrlTest {

  static final SourceProperties STRICT =
      new SourceProperties(Path.of("m"), null, false, List.of("git.lan"), List.of(), null);
  static final SourceProperties LOCAL =
      new SourceProperties(Path.of("m"), null, true, List.of(), List.of(), null);

  @Test
  void acceptsHttpsSshAndScpLikeAddresses() throws Exception {
    GitUrl https = GitUrl.parse("https://GitHub.com/kiln/app.git", STRICT);
    assertThat(https.kind()).isEqualTo(GitUrl.Kind.HTTPS);
    assertThat(https.host()).isEqualTo("github.com");
    assertThat(https.httpOrigin()).isEqualTo("https://github.com/");

    GitUrl ssh = GitUrl.parse("ssh://git@git.example.org:2222/kiln/app.git", STRICT);
    assertThat(ssh.kind()).isEqualTo(GitUrl.Kind.SSH);
    assertThat(ssh.port()).isEqualTo(2222);

    GitUrl scp = GitUrl.parse("git@github.com:kiln/app.git", STRICT);
    assertThat(scp.kind()).isEqualTo(GitUrl.Kind.SSH);
    assertThat(scp.host()).isEqualTo("github.com");
    assertThat(GitUrl.parse("http://git.lan:8080/app.git", STRICT).httpOrigin())
        .isEqualTo("http://git.lan:8080/");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ext::sh -c touch% /tmp/pwned",
        "ext::sh",
        "fd::17",
        "::x",
        "git://github.com/kiln/app.git",
        "ftp://example.org/app.git",
        "--upload-pack=touch /tmp/pwned",
        "-oProxyCommand=touch /tmp/x:repo",
        "git@-oProxyCommand=x:repo",
        "git@github.com:-u/repo",
        "https://user:s3cr3tpw@github.com/kiln/app.git",
        "http://github.com/kiln/app.git",
        "https://github.com/kiln/app.git?x=1",
        "https:///nohost",
        "relative/path",
        "../app.git",
        "https://github.com/kiln/app.git\nhttps://evil",
        "",
      })
  void refusesEverythingElse(String address) {
    assertThatThrownBy(() -> GitUrl.parse(address, STRICT))
        .isInstanceOfSatisfying(
            SourceException.class, e -> assertThat(e.problem()).isEqualTo(Problem.REFUSED_INPUT))
        .message()
        .doesNotContain("s3cr3tpw");
  }

  @Test
  void localPathsOnlyWhereAllowed() throws Exception {
    assertThatThrownBy(() -> GitUrl.parse("/srv/git/app.git", STRICT))
        .hasMessageContaining("kiln.sources.allow-local-paths");
    assertThatThrownBy(() -> GitUrl.parse("file:///srv/git/app.git", STRICT))
        .hasMessageContaining("kiln.sources.allow-local-paths");
    assertThat(GitUrl.parse("file:///srv/git/app.git", LOCAL).kind()).isEqualTo(GitUrl.Kind.LOCAL);
    assertThat(GitUrl.parse("/srv/git/app.git", LOCAL).protocol()).isEqualTo("file");
  }

  @Test
  void aPasswordInTheAddressIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> GitUrl.parse("https://x-access-token:ghp_123@github.com/a/b", STRICT))
        .hasMessageContaining("carries a password")
        .hasMessageNotContaining("ghp_123");
  }
}

package dev.kiln.portal.build.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommitLinksTest {

  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  @ParameterizedTest
  @CsvSource({
    "https://github.com/kiln/app.git, https://github.com/kiln/app/commit/",
    "https://github.com/kiln/app, https://github.com/kiln/app/commit/",
    "git@github.com:kiln/app.git, https://github.com/kiln/app/commit/",
    "ssh://git@github.com:2222/kiln/app.git, https://github.com/kiln/app/commit/",
    "https://gitlab.com/group/sub/app.git, https://gitlab.com/group/sub/app/-/commit/",
    "git@gitlab.example.org:group/app.git, https://gitlab.example.org/group/app/-/commit/",
    "https://codeberg.org/kiln/app.git, https://codeberg.org/kiln/app/commit/",
    "http://gitea.local:3000/kiln/app.git, http://gitea.local:3000/kiln/app/commit/",
    "https://token:secret@github.com/kiln/app.git, https://github.com/kiln/app/commit/",
  })
  void aForgesAddressLinksToTheCommitsPage(String repository, String page) {
    assertThat(CommitLinks.of(repository, SHA)).hasValue(page + SHA);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/srv/git/app.git",
        "file:///srv/git/app.git",
        "ext::sh -c id",
        "javascript:alert(1)//github.com/a/b",
        "https://git.example.org/kiln/app.git",
        "https://github.com/kiln",
        "https://github.com/kiln/app/extra",
        "https://github.com/kiln/..%2F..%2Fevil",
        "https://github.com/kiln/\"onmouseover=x",
        "git@github.com:kiln/../../evil.git",
      })
  void anythingElseGetsNoLink(String repository) {
    assertThat(CommitLinks.of(repository, SHA)).isEmpty();
  }

  @Test
  void onlyAFullShaIsLinked() {
    assertThat(CommitLinks.of("https://github.com/kiln/app", "0123abcd")).isEmpty();
    assertThat(CommitLinks.of("https://github.com/kiln/app", SHA + "/../x")).isEmpty();
    assertThat(CommitLinks.of("https://github.com/kiln/app", null)).isEmpty();
    assertThat(CommitLinks.of(null, SHA)).isEmpty();
  }
}

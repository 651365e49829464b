package dev.kiln.builder.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.plugin.api.BuildException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Image names, artifact globs and apt sources: the parsing the builder and its fixture rely on. */
class SmallPartsTest {

  @Test
  void imageReferencesSplitIntoRepositoryAndTag() {
    assertThat(ImageReference.parse("debian")).isEqualTo(new ImageReference("debian", "latest"));
    assertThat(ImageReference.parse("debian:bookworm"))
        .isEqualTo(new ImageReference("debian", "bookworm"));
    assertThat(ImageReference.parse("registry:5000/team/img"))
        .isEqualTo(new ImageReference("registry:5000/team/img", "latest"));
    assertThat(ImageReference.parse("registry:5000/team/img:2"))
        .isEqualTo(new ImageReference("registry:5000/team/img", "2"));
    assertThat(ImageReference.parse("img@sha256:abc"))
        .isEqualTo(new ImageReference("img", "sha256:abc"));
  }

  @Test
  void artifactGlobsMatchRelativePathsAndDoubleStarMatchesTheTopToo() throws Exception {
    ArtifactDownload download =
        ArtifactDownload.forPatterns(List.of("dist/*.whl", "**/report.xml"));

    assertThat(download.wanted()).isTrue();
    assertThat(download.matches("dist/a.whl")).isTrue();
    assertThat(download.matches("dist/sub/a.whl")).isFalse();
    assertThat(download.matches("report.xml")).isTrue();
    assertThat(download.matches("a/b/report.xml")).isTrue();
    assertThat(download.matches("other.txt")).isFalse();
    assertThat(ArtifactDownload.forPatterns(List.of()).wanted()).isFalse();
  }

  @Test
  void artifactPatternsOverKilnsLimitsAreRefusedBeforeTheBuild() {
    assertThatThrownBy(() -> ArtifactDownload.forPatterns(List.of("dist/*", "**a".repeat(17))))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("17 wildcards")
        .hasMessageContaining("Edit the project's artifact patterns.");
  }

  @Test
  void aptMirrorIsReadFromOneLineAndDeb822Sources() {
    assertThat(
            AptMirror.fromOneLine(
                "# comment\ndeb [arch=amd64] http://mirror.test/debian bookworm main\n",
                "bookworm"))
        .contains("http://mirror.test/debian");
    assertThat(
            AptMirror.fromOneLine(
                "deb http://mirror.test/debian-security bookworm-security main", "bookworm"))
        .isEmpty();
    String deb822 =
        """
        Types: deb
        URIs: http://mirror.test/debian-security
        Suites: bookworm-security

        Types: deb deb-src
        URIs: http://mirror.test/debian http://other.test/debian
        Suites: bookworm bookworm-updates
        Components: main
        """;
    assertThat(AptMirror.fromDeb822(deb822, "bookworm")).contains("http://mirror.test/debian");
    assertThat(AptMirror.fromDeb822(deb822, "trixie")).isEmpty();
  }
}

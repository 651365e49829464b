package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.build.domain.Artifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactNamesTest {

  private static final String SECRET = "s3cr3t-T0ken";
  private final ArtifactNames names =
      new ArtifactNames(SecretMasker.of(List.of(SECRET))::maskWhole);

  @Test
  void anOrdinaryPathIsKept() throws IOException {
    assertThat(names.name("dist/kiln-1.0-py3-none-any.whl"))
        .isEqualTo(new ArtifactNames.Name("dist/kiln-1.0-py3-none-any.whl", null));
  }

  @Test
  void aSecretInTheNameIsMasked() throws IOException {
    var name = names.name("dist/token-" + SECRET + ".txt");
    assertThat(name.path()).isEqualTo("dist/token-***.txt");
    assertThat(name.renamedBecause()).isEqualTo("it showed a secret");
  }

  @Test
  void lineBreaksAndOtherControlsBecomeUnderscores() throws IOException {
    var name = names.name("dist/a\r\nforged: line\u0007\u202Etxt.exe\u200B");
    assertThat(name.path()).isEqualTo("dist/a__forged: line__txt.exe_");
    assertThat(name.renamedBecause()).contains("control characters");
  }

  @Test
  void overlongPathsAndSegmentsAreCutKeepingTheFileName() throws IOException {
    String segment = "é".repeat(200); // 400 bytes
    var cut = names.name("dist/" + segment + ".whl");
    assertThat(cut.path()).startsWith("dist/~").endsWith(".whl");
    assertThat(cut.path().substring(5).getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(ArtifactNames.MAX_SEGMENT_BYTES);
    String deep = ("d".repeat(240) + "/").repeat(5) + "wheel.whl";
    var shortened = names.name(deep);
    assertThat(shortened.path())
        .hasSizeLessThanOrEqualTo(Artifact.PATH_LENGTH)
        .endsWith("/wheel.whl");
    assertThat(shortened.renamedBecause()).contains("longer than 1000");
  }

  @Test
  void renamedArtifactsNeverReplaceOneAnother() throws IOException {
    assertThat(names.name("out/a\nb.txt").path()).isEqualTo("out/a_b.txt");
    assertThat(names.name("out/a\rb.txt").path()).isEqualTo("out/a_b~2.txt");
    assertThat(names.name("out/a_b.txt").path()).isEqualTo("out/a_b~3.txt");
    // A builder storing the same ordinary path twice still replaces its own artifact.
    assertThat(names.name("out/c.txt").path()).isEqualTo("out/c.txt");
    assertThat(names.name("out/c.txt").path()).isEqualTo("out/c.txt");
  }

  @Test
  void pathsLeavingTheWorkspaceAreRefused() {
    for (String path :
        new String[] {
          "/etc/passwd", "../x", "a/../../x", "a//b", "a\\b", "", " ", "a/./b", "a\0b", "a/"
        }) {
      assertThatThrownBy(() -> names.name(path))
          .as(path)
          .isInstanceOf(IOException.class)
          .hasMessage("not a relative artifact path");
    }
  }
}

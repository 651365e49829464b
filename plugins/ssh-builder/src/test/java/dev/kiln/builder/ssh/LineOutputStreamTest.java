package dev.kiln.builder.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bytes in any chunks become the same lines; long lines are cut between characters. */
class LineOutputStreamTest {

  private final List<String> lines = new ArrayList<>();
  private final LineOutputStream out = new LineOutputStream(lines::add);

  @Test
  void linesAreSplitAtNewlinesWhateverTheChunks() {
    byte[] bytes = "one\r\ntwo\n\nthree".getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      out.write(new byte[] {b}, 0, 1);
    }
    assertThat(lines).containsExactly("one", "two", "");
    out.close();
    assertThat(lines).containsExactly("one", "two", "", "three");
  }

  @Test
  void longLineIsCutWithoutSplittingACharacter() {
    String text = "a" + "é".repeat(LineOutputStream.MAX_LINE) + "\n";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);

    assertThat(lines).hasSizeGreaterThan(1);
    assertThat(String.join("", lines)).isEqualTo(text.strip());
    assertThat(lines).allMatch(l -> !l.contains("\uFFFD"));
    assertThat(lines)
        .allMatch(l -> l.getBytes(StandardCharsets.UTF_8).length <= LineOutputStream.MAX_LINE);
  }

  @Test
  void exactlyFullLineGivesNoEmptyPiece() {
    byte[] bytes = ("x".repeat(LineOutputStream.MAX_LINE) + "\n").getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);

    assertThat(lines).containsExactly("x".repeat(LineOutputStream.MAX_LINE));
  }
}

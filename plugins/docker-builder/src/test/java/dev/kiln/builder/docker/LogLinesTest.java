package dev.kiln.builder.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.kiln.plugin.api.LogSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLinesTest {

  private final List<String> lines = new ArrayList<>();
  private final LogLines logLines =
      new LogLines(
          new LogSink() {
            @Override
            public void line(String text) {
              lines.add(text);
            }

            @Override
            public void notice(String text) {
              throw new AssertionError("no notices expected: " + text);
            }
          });

  @Test
  void framesCutAnywhereBecomeWholeLinesPerStream() {
    send(StreamType.STDOUT, "one\ntw");
    send(StreamType.STDERR, "err");
    send(StreamType.STDOUT, "o\r\nthr");
    send(StreamType.STDERR, "or\n");
    send(StreamType.STDOUT, "ee");
    logLines.finish();

    assertThat(lines).containsExactly("one", "two", "error", "three");
  }

  @Test
  void multiByteCharactersSplitAcrossFramesStayWhole() {
    byte[] bytes = "grüße\n".getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      logLines.onNext(new Frame(StreamType.STDOUT, new byte[] {b}));
    }

    assertThat(lines).containsExactly("grüße");
  }

  @Test
  void overlongLinesArePassedOnInPiecesWithoutSplittingACharacter() {
    String text = "a" + "é".repeat(LogLines.MAX_LINE);
    send(StreamType.STDOUT, text + "\n");

    assertThat(lines)
        .allSatisfy(
            line ->
                assertThat(line.getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(LogLines.MAX_LINE));
    assertThat(String.join("", lines)).isEqualTo(text);
    assertThat(lines).noneMatch(line -> line.contains("\uFFFD"));
  }

  /** A progress bar's carriage returns: dropped, as the Local shell and SSH builders drop them. */
  @Test
  void carriageReturnsInsideALineAreDroppedAsOnTheOtherBuilders() {
    send(StreamType.STDOUT, "50%\r100%\r\ndone\n");

    assertThat(lines).containsExactly("50%100%", "done");
  }

  @Test
  void nothingIsPassedOnAfterFinish() {
    send(StreamType.STDOUT, "kept\n");
    logLines.finish();
    send(StreamType.STDOUT, "late\n");

    assertThat(lines).containsExactly("kept");
  }

  private void send(StreamType type, String text) {
    logLines.onNext(new Frame(type, text.getBytes(StandardCharsets.UTF_8)));
  }
}

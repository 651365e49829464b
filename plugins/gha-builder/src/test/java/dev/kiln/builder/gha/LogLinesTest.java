package dev.kiln.builder.gha;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Job logs become lines: CRLF or LF, the byte order mark dropped, overlong lines cut. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LogLinesTest {

  @Test
  void splitsOnNewlinesAndDropsTheByteOrderMark() throws Exception {
    List<String> lines = new ArrayList<>();

    LogLines.split(utf8("\uFEFFone\r\ntwo\n\nlast"), lines::add);

    assertThat(lines).containsExactly("one", "two", "", "last");
  }

  @Test
  void cutsOverlongLinesIntoBoundedPieces() throws Exception {
    List<String> lines = new ArrayList<>();

    LogLines.split(utf8("x".repeat(LogLines.MAX_LINE * 2 + 5) + "\n"), lines::add);

    assertThat(lines).hasSize(3);
    assertThat(lines)
        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(LogLines.MAX_LINE));
    assertThat(String.join("", lines)).hasSize(LogLines.MAX_LINE * 2 + 5);
  }

  private static InputStream utf8(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}

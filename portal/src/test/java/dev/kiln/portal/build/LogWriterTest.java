package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogWriterTest {

  private static final String SECRET = "tok-12345678";

  private final List<String> stored = new ArrayList<>();
  private final LogWriter writer = new LogWriter(1, 1 << 20,
      (seq, bytes) -> stored.add(new String(bytes, StandardCharsets.UTF_8)), (chunks, bytes, truncated) -> {}, w -> {});

  @Test
  void secretWrittenOverTwoLinesIsNeverStoredEvenWhenAFlushFallsBetween() {
    writer.mask(List.of(SECRET));
    writer.line("a tok-123");
    writer.flush();
    assertThat(String.join("", stored)).isEqualTo("a ");

    writer.line("45678 b");
    writer.line("ends tok");
    writer.close();

    assertThat(String.join("", stored)).isEqualTo("a ***\n*** b\nends tok\n");
  }

  @Test
  void noticesAndReasonsAreMaskedToo() {
    writer.mask(List.of(SECRET));
    writer.notice("curl failed: Authorization: " + SECRET);
    writer.close();

    assertThat(String.join("", stored)).isEqualTo("[kiln] curl failed: Authorization: ***\n");
    assertThat(writer.masked("exit 1 after " + SECRET + " tok")).isEqualTo("exit 1 after *** tok");
  }
}

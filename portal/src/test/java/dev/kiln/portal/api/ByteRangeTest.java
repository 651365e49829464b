package dev.kiln.portal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

  @Test
  void noHeaderIsTheWholeContent() {
    assertThat(ByteRange.of(null, 100, "it")).isEqualTo(new ByteRange(0, 99, 100, false));
    assertThat(ByteRange.of(null, 0, "it").size()).isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "bytes=0-0, 0, 0",
    "bytes=10-19, 10, 19",
    "BYTES=10-19, 10, 19",
    "bytes=90-, 90, 99",
    "bytes=90-500, 90, 99",
    "bytes=-10, 90, 99",
    "bytes=-1000, 0, 99",
    "' bytes=1-2 ', 1, 2"
  })
  void oneRange(String header, long first, long last) {
    ByteRange range = ByteRange.of(header, 100, "it");
    assertThat(range).isEqualTo(new ByteRange(first, last, 100, true));
    assertThat(range.size()).isEqualTo(last - first + 1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bytes=100-",
        "bytes=100-200",
        "bytes=5-4",
        "bytes=-0",
        "bytes=-",
        "bytes=",
        "bytes=1-2,4-5",
        "bytes=a-b",
        "bytes=1-2-3",
        "bytes=0x10-",
        "items=1-2",
        "bytes=1234567890123456789-"
      })
  void refused(String header) {
    assertThatThrownBy(() -> ByteRange.of(header, 100, "The log"))
        .isInstanceOfSatisfying(
            ByteRange.NotSatisfiable.class, e -> assertThat(e.length()).isEqualTo(100))
        .hasMessageStartingWith("Range '");
  }

  @Test
  void nothingIsServedOfEmptyContent() {
    assertThatThrownBy(() -> ByteRange.of("bytes=-5", 0, "The log"))
        .hasMessageContaining("The log has 0 bytes.");
    assertThatThrownBy(() -> ByteRange.of("bytes=0-", 0, "The log"))
        .hasMessageContaining("starts past the end");
  }
}

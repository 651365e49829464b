package dev.kiln.plugin.support;

import static dev.kiln.plugin.support.LineSplitter.MAX_LINE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LineSplitterTest {

  @Test
  void splitsOnNewlines() {
    assertThat(split("one\ntwo\n\nfour\n")).containsExactly("one", "two", "", "four");
  }

  @Test
  void dropsTheCarriageReturnOfCrlf() {
    assertThat(split("one\r\ntwo\r\n")).containsExactly("one", "two");
  }

  @Test
  void deliversTheLastLineWithoutANewline() {
    assertThat(split("one\ntwo")).containsExactly("one", "two");
  }

  @Test
  void deliversNothingForEmptyInput() {
    assertThat(split("")).isEmpty();
  }

  @Test
  void cutsAnOverlongLineIntoPiecesWithoutLosingAnything() {
    String input = "0123456789".repeat(MAX_LINE / 10 * 3 + 7);

    List<String> pieces = split(input);

    assertThat(pieces.stream().map(String::length)).hasSize(4).allMatch(n -> n <= MAX_LINE);
    assertSameText(String.join("", pieces), input);
  }

  @Test
  void lineOfExactlyMaxLengthIsOnePiece() {
    for (String newline : List.of("\n", "\r\n")) {
      List<String> pieces = split("x".repeat(MAX_LINE) + newline + "next" + newline);

      assertThat(pieces).as("no empty line after a full one").hasSize(2).last().isEqualTo("next");
      assertSameText(pieces.getFirst(), "x".repeat(MAX_LINE));
    }
  }

  @Test
  void preservesMultiByteUtf8EvenAcrossReadBuffers() throws Exception {
    // Three-byte and four-byte characters, shifted so some straddle the reader's 8 KiB buffers.
    String line = "é ✓ 日本語 😀 ";
    String input = ("z" + line.repeat(700) + "\n").repeat(3);

    List<String> lines = pump(input.getBytes(StandardCharsets.UTF_8));

    assertThat(lines).hasSize(3);
    assertSameText(String.join("\n", lines) + "\n", input);
  }

  @Test
  void everyPieceOfAnOverlongLineIsValidText() throws Exception {
    // A four-byte character is two chars in Java; a cut between them would corrupt it in the log.
    String input = "a".repeat(MAX_LINE - 1) + "😀".repeat(MAX_LINE);

    List<String> pieces = pump(input.getBytes(StandardCharsets.UTF_8));

    assertSameText(String.join("", pieces), input);
    assertThat(pieces.stream().map(String::length)).allMatch(n -> n <= MAX_LINE);
    for (int i = 0; i < pieces.size(); i++) {
      String piece = pieces.get(i);
      String roundTrip = new String(piece.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      assertThat(roundTrip.equals(piece))
          .as("piece %d of %d survives UTF-8", i + 1, pieces.size())
          .isTrue();
    }
  }

  /** MINA hands the SSH builder's splitter a remote stream in chunks of any size, even one byte. */
  @Test
  void holdsAnUnfinishedLineUntilClosedWhateverTheChunks() {
    List<String> lines = new ArrayList<>();
    LineSplitter splitter = new LineSplitter(lines::add);
    for (byte b : "one\r\ntwo\n\nthree".getBytes(StandardCharsets.UTF_8)) {
      splitter.write(new byte[] {b}, 0, 1);
    }
    assertThat(lines).containsExactly("one", "two", "");

    splitter.close();
    assertThat(lines).containsExactly("one", "two", "", "three");
  }

  @Test
  void everyPieceOfAnOverlongLineOfTwoByteCharactersFitsInMaxLineBytes() {
    String text = "a" + "é".repeat(MAX_LINE) + "\n";
    List<String> pieces = new ArrayList<>();
    try (LineSplitter splitter = new LineSplitter(pieces::add)) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      splitter.write(bytes, 0, bytes.length);
    }

    assertThat(pieces).hasSizeGreaterThan(1);
    assertSameText(String.join("", pieces), text.strip());
    assertThat(pieces).noneMatch(piece -> piece.contains("\uFFFD"));
    assertThat(pieces).allMatch(p -> p.getBytes(StandardCharsets.UTF_8).length <= MAX_LINE);
  }

  @Test
  void dropsEveryCarriageReturnAsTheLocalBuilderAlwaysDid() {
    assertThat(split("50%\r100%\ndone\r")).containsExactly("50%100%", "done");
  }

  @Test
  void givesTheSameLinesWhateverTheWritesLookLike() {
    String input = "one\r\ntwo é\n" + "✓".repeat(MAX_LINE) + "\nlast";
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    List<String> byteByByte = new ArrayList<>();
    try (LineSplitter splitter = new LineSplitter(byteByByte::add)) {
      for (byte b : bytes) {
        splitter.write(b);
      }
    }

    assertThat(byteByByte).isEqualTo(split(input));
    assertThat(byteByByte.subList(0, 2)).containsExactly("one", "two é");
    assertThat(byteByByte.getLast()).isEqualTo("last");
  }

  /** Compares long strings without printing them whole when they differ. */
  private static void assertSameText(String actual, String expected) {
    assertThat(actual.length()).as("length").isEqualTo(expected.length());
    int i = 0;
    while (i < actual.length() && actual.charAt(i) == expected.charAt(i)) {
      i++;
    }
    assertThat(i).as("index of the first difference").isEqualTo(expected.length());
  }

  private static List<String> split(String input) {
    List<String> lines = new ArrayList<>();
    LineSplitter.split(
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), lines::add);
    return lines;
  }

  private static List<String> pump(byte[] input) throws InterruptedException {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Thread thread = LineSplitter.pump(new ByteArrayInputStream(input), lines::add, "test-pump");
    thread.join(TimeUnit.SECONDS.toMillis(20));
    assertThat(thread.isAlive()).as("pump ended").isFalse();
    return lines;
  }
}

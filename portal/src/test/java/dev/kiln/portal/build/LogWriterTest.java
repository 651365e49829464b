package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LogWriterTest {

  private static final String SECRET = "tok-12345678";

  private final List<String> stored = new ArrayList<>();
  private final LogWriter writer =
      new LogWriter(
          1,
          1 << 20,
          (seq, bytes) -> stored.add(new String(bytes, StandardCharsets.UTF_8)),
          (chunks, bytes, truncated) -> {},
          w -> {});

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

  @Test
  void aTwoHundredMegabyteLineIsCutWithAMarker() {
    String huge = "x".repeat(200_000_000);
    writer.line(huge);
    writer.line("next");
    writer.close();

    String log = String.join("", stored);
    int kept = LogWriter.MAX_LINE_CHARS;
    assertThat(log)
        .isEqualTo(
            "x".repeat(kept)
                + " [kiln: line cut here; "
                + (200_000_000 - kept)
                + " more characters not kept]\nnext\n");
  }

  @Test
  void aSecretAcrossTheCutIsKeptWholeAndMasked() {
    writer.mask(List.of(SECRET));
    writer.line("y".repeat(LogWriter.MAX_LINE_CHARS - 3) + SECRET + "z".repeat(100_000));
    writer.close();

    String log = String.join("", stored);
    assertThat(log)
        .doesNotContain("tok-")
        .startsWith("y".repeat(LogWriter.MAX_LINE_CHARS - 3) + "***z")
        .contains("[kiln: line cut here;");
  }

  @Test
  void millionsOfShortLinesStopAtTheLimitInBoundedChunks() {
    List<byte[]> chunks = new ArrayList<>();
    var limited =
        new LogWriter(2, 1 << 20, (seq, bytes) -> chunks.add(bytes), (c, b, t) -> {}, w -> {});
    for (int i = 0; i < 3_000_000; i++) {
      limited.line("line " + i);
      if (i == 2_000_000) {
        limited.notice("builders' notices count too");
      }
    }
    limited.kilnNotice("The script exited with code 0.");
    limited.close();

    String log = new String(concat(chunks), StandardCharsets.UTF_8);
    assertThat(log.length()).isBetween((1 << 20) - 100, (1 << 20) + 200);
    assertThat(log)
        .endsWith(
            "[kiln] The log reached its limit of 1 MB; later output of this build is not kept.\n"
                + "[kiln] The script exited with code 0.\n")
        .doesNotContain("builders' notices");
    assertThat(chunks)
        .allSatisfy(
            chunk -> assertThat(chunk.length).isLessThanOrEqualTo(LogWriter.CHUNK_BYTES + 200));
  }

  @Test
  void linesFromManyThreadsAtOnceAreEachKeptWhole() throws InterruptedException {
    List<byte[]> chunks = Collections.synchronizedList(new ArrayList<>());
    var shared =
        new LogWriter(3, 1L << 30, (seq, bytes) -> chunks.add(bytes), (c, b, t) -> {}, w -> {});
    int threads = 16;
    int lines = 50_000;
    var start = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      writers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      start.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    for (int i = 0; i < lines; i++) {
                      shared.line("thread " + id + " line " + i + " " + "-".repeat(i % 50));
                    }
                  }));
    }
    start.countDown();
    for (Thread t : writers) {
      t.join();
    }
    shared.close();

    String[] stored = new String(concat(chunks), StandardCharsets.UTF_8).split("\n");
    assertThat(stored).hasSize(threads * lines);
    Pattern whole = Pattern.compile("thread (\\d+) line (\\d+) (-*)");
    assertThat(stored)
        .allSatisfy(
            line -> {
              var m = whole.matcher(line);
              assertThat(m.matches()).as(line).isTrue();
              assertThat(m.group(3)).hasSize(Integer.parseInt(m.group(2)) % 50);
            });
    assertThat(chunks)
        .allSatisfy(
            chunk -> assertThat(chunk.length).isLessThanOrEqualTo(LogWriter.CHUNK_BYTES + 200));
  }

  @Test
  void writesAfterCloseAreIgnored() {
    List<String> progress = new ArrayList<>();
    var closing =
        new LogWriter(
            4,
            1 << 20,
            (seq, bytes) -> stored.add(new String(bytes, StandardCharsets.UTF_8)),
            (c, b, t) -> progress.add(c + "/" + b),
            w -> {});
    closing.line("during");
    closing.close();
    List<String> progressAtClose = List.copyOf(progress);
    closing.line("after");
    closing.notice("after");
    closing.kilnNotice("after");
    closing.flushIfDue();
    closing.close();

    assertThat(String.join("", stored)).isEqualTo("during\n");
    assertThat(progress).isEqualTo(progressAtClose).contains("1/7");
  }

  private static byte[] concat(List<byte[]> chunks) {
    var out = new ByteArrayOutputStream();
    chunks.forEach(out::writeBytes);
    return out.toByteArray();
  }
}

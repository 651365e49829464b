package dev.kiln.portal.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalBlobStoreTest {

  @TempDir Path tempDir;

  private Path root;
  private LocalBlobStore store;

  @BeforeEach
  void createStore() throws IOException {
    // The store lives one level down, so a key that escapes would land in tempDir where we can see
    // it.
    root = tempDir.resolve("blobs");
    store = new LocalBlobStore(root);
  }

  @Test
  void whatIsPutCanBeReadBack() throws IOException {
    store.put("builds/1/log.txt", "line one\nline two\n".getBytes(UTF_8));

    assertThat(read("builds/1/log.txt")).isEqualTo("line one\nline two\n");
  }

  @Test
  void putReplacesAnEarlierBlob() throws IOException {
    store.put("builds/1/log.txt", "a longer first version".getBytes(UTF_8));
    store.put("builds/1/log.txt", "second".getBytes(UTF_8));

    assertThat(read("builds/1/log.txt")).isEqualTo("second");
  }

  @Test
  void openingAMissingKeyThrowsBlobNotFound() {
    assertThatThrownBy(() -> store.open("builds/404/log.txt"))
        .isInstanceOf(BlobStore.BlobNotFoundException.class)
        .hasMessageContaining("builds/404/log.txt");
  }

  @Test
  void aStreamThatEndsEarlyFailsAndLeavesNothingBehind() throws IOException {
    InputStream shortStream = new ByteArrayInputStream(new byte[5]);

    assertThatThrownBy(() -> store.put("builds/1/artifact.zip", shortStream, 10))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(BlobStore.BlobNotFoundException.class);

    assertThatThrownBy(() -> store.open("builds/1/artifact.zip"))
        .isInstanceOf(BlobStore.BlobNotFoundException.class);
    assertThat(regularFilesUnder(root)).isEmpty();
  }

  @Test
  void aFailedPutKeepsTheEarlierBlob() throws IOException {
    store.put("builds/1/artifact.zip", "complete".getBytes(UTF_8));

    assertThatThrownBy(
            () -> store.put("builds/1/artifact.zip", new ByteArrayInputStream(new byte[3]), 100))
        .isInstanceOf(IOException.class);

    assertThat(read("builds/1/artifact.zip")).isEqualTo("complete");
    assertThat(regularFilesUnder(root)).containsExactly(root.resolve("builds/1/artifact.zip"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/../../x", "/x", ""})
  void keysOutsideTheRootAreRefused(String key) throws IOException {
    assertThatThrownBy(() -> store.put(key, "escaped".getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.open(key)).isInstanceOf(IllegalArgumentException.class);

    assertThat(regularFilesUnder(tempDir)).isEmpty();
  }

  @Test
  void deleteAllRefusesAPrefixOutsideTheRoot() throws IOException {
    Path outside = Files.writeString(tempDir.resolve("keep.txt"), "not the store's");

    assertThatThrownBy(() -> store.deleteAll("..")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.deleteAll("a/../../"))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(outside).exists();
  }

  @Test
  void deleteAllRemovesEverythingUnderThePrefixAndNothingElse() throws IOException {
    for (String key :
        List.of(
            "builds/1/log.txt",
            "builds/1/artifacts/app.jar",
            "builds/1/artifacts/deep/report.html")) {
      store.put(key, key.getBytes(UTF_8));
    }
    for (String key : List.of("builds/10/log.txt", "builds/2/log.txt", "other.txt")) {
      store.put(key, key.getBytes(UTF_8));
    }

    store.deleteAll("builds/1/");

    for (String key :
        List.of(
            "builds/1/log.txt",
            "builds/1/artifacts/app.jar",
            "builds/1/artifacts/deep/report.html")) {
      assertThatThrownBy(() -> store.open(key)).isInstanceOf(BlobStore.BlobNotFoundException.class);
    }
    for (String key : List.of("builds/10/log.txt", "builds/2/log.txt", "other.txt")) {
      assertThat(read(key)).isEqualTo(key);
    }
  }

  @Test
  void deleteAllOfAnUnknownPrefixDoesNothing() throws IOException {
    store.put("builds/2/log.txt", "kept".getBytes(UTF_8));

    store.deleteAll("builds/1/");

    assertThat(read("builds/2/log.txt")).isEqualTo("kept");
  }

  private String read(String key) throws IOException {
    try (InputStream in = store.open(key)) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  private static List<Path> regularFilesUnder(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).toList();
    }
  }
}

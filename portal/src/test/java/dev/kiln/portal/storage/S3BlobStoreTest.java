package dev.kiln.portal.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.e2e.harness.KilnProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs {@link S3BlobStore} against a real S3 API server in this JVM, built the way the portal
 * builds it.
 */
class S3BlobStoreTest {

  private static final String BUCKET = "kiln-test";
  private static final long MIB = 1024 * 1024;

  private static S3TestServer server;
  private static BlobStore store;
  private static S3Client s3;

  @BeforeAll
  static void startServer() throws IOException {
    server = S3TestServer.start();
    store = blobStore(server.endpoint());
    s3 = server.newClient();
  }

  @AfterAll
  static void stopServer() throws IOException {
    if (s3 != null) {
      s3.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void startUpCreatesTheBucket() {
    assertThat(store).isInstanceOf(S3BlobStore.class);
    assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly(BUCKET);
    assertThat(store.describe()).isEqualTo("s3://" + BUCKET + " at " + server.endpoint());
  }

  @Test
  void whatIsPutCanBeReadBack() throws IOException {
    store.put("roundtrip/log.txt", "line one\nline two\n".getBytes(UTF_8));

    assertThat(read("roundtrip/log.txt")).isEqualTo("line one\nline two\n");
  }

  @Test
  void aSecondStartFindsTheExistingBucketAndItsBlobs() throws IOException {
    store.put("restart/log.txt", "still here".getBytes(UTF_8));

    BlobStore again = blobStore(server.endpoint());

    try (InputStream in = again.open("restart/log.txt")) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("still here");
    }
  }

  @Test
  void putReplacesAnEarlierBlob() throws IOException {
    store.put("replace/log.txt", "a longer first version".getBytes(UTF_8));
    store.put("replace/log.txt", "second".getBytes(UTF_8));

    assertThat(read("replace/log.txt")).isEqualTo("second");
  }

  @Test
  void openingAMissingKeyThrowsBlobNotFound() {
    assertThatThrownBy(() -> store.open("missing/log.txt"))
        .isInstanceOf(BlobStore.BlobNotFoundException.class)
        .hasMessageContaining("missing/log.txt");
  }

  @Test
  void deleteAllRemovesEverythingUnderThePrefixAndNothingElse() throws IOException {
    List<String> doomed =
        List.of(
            "delete/1/log.txt",
            "delete/1/artifacts/app.jar",
            "delete/1/artifacts/deep/report.html");
    List<String> kept = List.of("delete/10/log.txt", "delete/2/log.txt", "delete-not/1/log.txt");
    for (String key : doomed) {
      store.put(key, key.getBytes(UTF_8));
    }
    for (String key : kept) {
      store.put(key, key.getBytes(UTF_8));
    }

    store.deleteAll("delete/1"); // a folder, even without its slash: delete/10 stays

    for (String key : doomed) {
      assertThatThrownBy(() -> store.open(key)).isInstanceOf(BlobStore.BlobNotFoundException.class);
    }
    for (String key : kept) {
      assertThat(read(key)).isEqualTo(key);
    }
  }

  @Test
  void aBlobLargerThanOnePartGoesUpInPartsAndComesBackIdentical() throws Exception {
    long size = 40 * MIB;
    assertThat(size).isGreaterThan(2L * S3BlobStore.PART_SIZE);
    MessageDigest sent = sha256();

    store.put("multipart/big.bin", new DigestInputStream(new PatternInputStream(size), sent), size);

    MessageDigest received = sha256();
    long count;
    try (InputStream in = new DigestInputStream(store.open("multipart/big.bin"), received)) {
      count = in.transferTo(OutputStream.nullOutputStream());
    }
    assertThat(count).isEqualTo(size);
    assertThat(hex(received)).isEqualTo(hex(sent));
    // S3 marks objects assembled from parts with an ETag ending in "-<number of parts>".
    assertThat(s3.headObject(b -> b.bucket(BUCKET).key("multipart/big.bin")).eTag())
        .endsWith("-3\"");
  }

  @Test
  void aMultipartStreamThatEndsEarlyFailsAndLeavesNoObject() {
    long size = 40 * MIB;
    InputStream shortStream = new PatternInputStream(S3BlobStore.PART_SIZE + MIB);

    assertThatThrownBy(() -> store.put("multipart/short.bin", shortStream, size))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(BlobStore.BlobNotFoundException.class)
        .hasMessageContaining("multipart/short.bin");

    assertThatThrownBy(() -> store.open("multipart/short.bin"))
        .isInstanceOf(BlobStore.BlobNotFoundException.class);
    // The upload was aborted, not just left incomplete: no parts linger in the bucket.
    assertThat(
            s3.listMultipartUploads(b -> b.bucket(BUCKET).prefix("multipart/short.bin")).uploads())
        .isEmpty();
  }

  @Test
  void anUnreachableServerFailsStartUpNamingTheBucket() throws IOException {
    String nobodyListens = "http://127.0.0.1:" + KilnProcess.freePort();

    assertThatThrownBy(() -> blobStore(nobodyListens))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("S3 bucket " + BUCKET)
        .hasMessageContaining(nobodyListens)
        .hasMessageContaining("is not reachable");
  }

  private static BlobStore blobStore(String endpoint) throws IOException {
    var s3 =
        new StorageProperties.S3(
            endpoint, "us-east-1", BUCKET, true, server.accessKey(), server.secretKey());
    return new StorageConfig()
        .blobStore(new StorageProperties(StorageProperties.Type.S3, null, s3));
  }

  private static String read(String key) throws IOException {
    try (InputStream in = store.open(key)) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  private static MessageDigest sha256() throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256");
  }

  private static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }
}

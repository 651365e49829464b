package dev.kiln.portal.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server for tests: s3proxy in this JVM, keeping objects as files, listening on
 * 127.0.0.1 on a free port and checking AWS signatures (V2 or V4) against one fixed key pair.
 *
 * <pre>{@code
 * try (S3TestServer s3 = S3TestServer.start()) {
 *   // point kiln.storage.s3.endpoint at s3.endpoint(), with s3.accessKey() and s3.secretKey()
 * }
 * }</pre>
 *
 * <p>Closing it stops the server and, when it made its own folder, deletes everything stored.
 */
public final class S3TestServer implements AutoCloseable {

  private static final String ACCESS_KEY = "kiln-test-access-key";
  private static final String SECRET_KEY = "kiln-test-secret-key";

  private final S3Proxy proxy;
  private final Path baseDir;
  private final boolean ownsBaseDir;

  private S3TestServer(S3Proxy proxy, Path baseDir, boolean ownsBaseDir) {
    this.proxy = proxy;
    this.baseDir = baseDir;
    this.ownsBaseDir = ownsBaseDir;
  }

  /**
   * Starts a server that keeps its objects in a new temporary folder, deleted again by {@link
   * #close()}.
   */
  public static S3TestServer start() throws IOException {
    return start(Files.createTempDirectory("kiln-s3-"), true);
  }

  /**
   * Starts a server that keeps its objects under {@code baseDir} (an existing folder the caller
   * cleans up).
   */
  public static S3TestServer start(Path baseDir) throws IOException {
    return start(baseDir, false);
  }

  private static S3TestServer start(Path baseDir, boolean ownsBaseDir) throws IOException {
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new FilesystemNio2BlobStore(baseDir.toAbsolutePath().toString()))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    try {
      proxy.start();
    } catch (Exception e) {
      S3TestServer failed = new S3TestServer(proxy, baseDir, ownsBaseDir);
      try {
        failed.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IOException("the S3 test server did not start", e);
    }
    return new S3TestServer(proxy, baseDir, ownsBaseDir);
  }

  /**
   * The base URL of the S3 API, for example {@code http://127.0.0.1:41234}. Buckets are addressed
   * path-style.
   */
  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** The access key id the server accepts. */
  public String accessKey() {
    return ACCESS_KEY;
  }

  /** The secret access key the server accepts. */
  public String secretKey() {
    return SECRET_KEY;
  }

  /**
   * A plain S3 client for this server, to look at buckets behind the portal's back. The caller
   * closes it.
   */
  public S3Client newClient() {
    return S3Client.builder()
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .endpointOverride(URI.create(endpoint()))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** Stops the server and deletes its folder when it made that folder itself. */
  @Override
  public void close() throws IOException {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IOException("the S3 test server did not stop", e);
    } finally {
      if (ownsBaseDir) {
        deleteRecursively(baseDir);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}

package dev.kiln.portal.storage;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where logs and artifacts are stored.
 *
 * @param type {@code local} (a folder on this machine) or {@code s3}
 * @param localDir the folder used by the local store
 * @param s3 the bucket used by the S3 store
 */
@ConfigurationProperties("kiln.storage")
public record StorageProperties(Type type, Path localDir, S3 s3) {

  /** The kinds of store. */
  public enum Type {
    LOCAL,
    S3
  }

  /**
   * An S3-compatible bucket.
   *
   * @param endpoint the API's base URL; empty for AWS itself
   * @param region the region (any value for most S3-compatible servers)
   * @param bucket the bucket; created at start-up when missing
   * @param pathStyle address the bucket in the path rather than the host name (most self-hosted
   *     servers)
   * @param accessKey the access key id; empty to use the AWS SDK's default credential chain
   * @param secretKey the secret access key
   */
  public record S3(
      String endpoint,
      String region,
      String bucket,
      boolean pathStyle,
      String accessKey,
      String secretKey) {}
}

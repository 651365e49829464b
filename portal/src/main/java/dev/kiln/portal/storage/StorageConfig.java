package dev.kiln.portal.storage;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Chooses the store from {@code kiln.storage.type}. */
@Configuration(proxyBeanMethods = false)
class StorageConfig {

  private static final Logger log = LoggerFactory.getLogger(StorageConfig.class);

  @Bean
  BlobStore blobStore(StorageProperties properties) throws IOException {
    BlobStore store =
        switch (properties.type()) {
          case LOCAL -> new LocalBlobStore(properties.localDir());
          case S3 -> s3(properties.s3());
        };
    log.info("Logs and artifacts are stored in {}", store.describe());
    return store;
  }

  private static S3BlobStore s3(StorageProperties.S3 s3) throws IOException {
    var client =
        S3Client.builder()
            .region(Region.of(s3.region()))
            .forcePathStyle(s3.pathStyle())
            // Bounded calls: a store that hangs must fail and be retried, not stall builds for
            // minutes.
            .overrideConfiguration(
                c ->
                    c.apiCallAttemptTimeout(Duration.ofSeconds(30))
                        .apiCallTimeout(Duration.ofMinutes(2)))
            .credentialsProvider(
                StringUtils.hasText(s3.accessKey())
                    ? StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()))
                    : DefaultCredentialsProvider.builder().build());
    if (StringUtils.hasText(s3.endpoint())) {
      client.endpointOverride(URI.create(s3.endpoint()));
    }
    var store = new S3BlobStore(client.build(), s3.bucket(), s3.endpoint());
    store.ensureBucket();
    return store;
  }
}

package dev.kiln.portal.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keeps blobs in one S3 bucket. Large blobs go up in parts of {@value #PART_SIZE} bytes, so memory
 * stays bounded by one part whatever the size.
 */
class S3BlobStore implements BlobStore {

  static final int PART_SIZE = 16 * 1024 * 1024;

  private final S3Client s3;
  private final String bucket;
  private final String endpoint;

  S3BlobStore(S3Client s3, String bucket, String endpoint) {
    this.s3 = s3;
    this.bucket = bucket;
    this.endpoint = endpoint;
  }

  /** Creates the bucket when it does not exist yet. */
  void ensureBucket() throws IOException {
    if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IOException(
          "'"
              + bucket
              + "' is not a valid S3 bucket name: use 3 to 63 lower-case letters, digits, dots and dashes");
    }
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (NoSuchBucketException e) {
      call(() -> s3.createBucket(b -> b.bucket(bucket)));
    } catch (SdkException e) {
      if (e instanceof S3Exception s && s.statusCode() == 404) {
        call(() -> s3.createBucket(b -> b.bucket(bucket)));
      } else {
        throw new IOException(
            "S3 bucket " + bucket + " at " + endpoint + " is not reachable: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void put(String key, InputStream content, long size) throws IOException {
    if (size <= PART_SIZE) {
      try {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromInputStream(content, size));
      } catch (RuntimeException e) { // the SDK reports a short stream as IllegalStateException
        throw new IOException("upload of " + key + " failed: " + e.getMessage(), e);
      }
      return;
    }
    String uploadId =
        call(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId());
    try {
      List<CompletedPart> parts = new ArrayList<>();
      byte[] buffer = new byte[PART_SIZE];
      long remaining = size;
      for (int number = 1; remaining > 0; number++) {
        int length = content.readNBytes(buffer, 0, (int) Math.min(PART_SIZE, remaining));
        if (length == 0) {
          throw new IOException("content of " + key + " ended " + remaining + " bytes early");
        }
        int partNumber = number;
        String etag =
            s3.uploadPart(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(
                        length == buffer.length ? buffer : Arrays.copyOf(buffer, length)))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        remaining -= length;
      }
      s3.completeMultipartUpload(
          b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    } catch (IOException | RuntimeException e) {
      IOException failure =
          e instanceof IOException io
              ? io
              : new IOException("upload of " + key + " failed: " + e.getMessage(), e);
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (RuntimeException abort) {
        failure.addSuppressed(abort);
      }
      throw failure;
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      throw new BlobNotFoundException(key);
    } catch (SdkException e) {
      throw new IOException("reading " + key + " from S3 failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void deleteAll(String prefix) throws IOException {
    String folder = BlobStore.folder(prefix);
    call(
        () -> {
          for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(folder))) {
            List<ObjectIdentifier> keys =
                page.contents().stream()
                    .map(S3Object::key)
                    .map(k -> ObjectIdentifier.builder().key(k).build())
                    .toList();
            if (!keys.isEmpty()) {
              s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys)));
            }
          }
          return null;
        });
  }

  @Override
  public String describe() {
    return "s3://" + bucket + (endpoint == null || endpoint.isBlank() ? "" : " at " + endpoint);
  }

  private static <T> T call(Supplier<T> request) throws IOException {
    try {
      return request.get();
    } catch (SdkException e) {
      throw new IOException("S3 request failed: " + e.getMessage(), e);
    }
  }
}

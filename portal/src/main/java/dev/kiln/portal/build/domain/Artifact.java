package dev.kiln.portal.build.domain;

import dev.kiln.portal.build.ArtifactInfo;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A file a build produced and Kiln stored. */
@Entity
@Table(name = "artifacts")
public class Artifact {

  /** Column lengths, in characters; validation takes its limits from here. */
  public static final int PATH_LENGTH = 1000;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "build_id")
  private long buildId;

  @Column(length = PATH_LENGTH)
  private String path;

  @Column(name = "size_bytes")
  private long size;

  @Column(length = 64)
  private String sha256;

  @Column(name = "created_at")
  private Instant createdAt;

  protected Artifact() {}

  public Artifact(long buildId, String path, long size, String sha256, Instant createdAt) {
    this.buildId = buildId;
    this.path = path;
    this.size = size;
    this.sha256 = sha256;
    this.createdAt = createdAt;
  }

  public ArtifactInfo toInfo() {
    return new ArtifactInfo(path, size, sha256);
  }
}

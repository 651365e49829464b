package dev.kiln.portal.secret.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A named secret, global or of one project. Its value is only ever held sealed: {@link
 * #getCiphertext()} is the value encrypted with the secrets' public key, bound to {@link
 * #contextInfo()}.
 */
@Entity
@Table(name = "secrets")
public class Secret {

  /** Column lengths, in characters; validation takes its limits from here. */
  public static final int NAME_LENGTH = 64, DESCRIPTION_LENGTH = 500;

  /**
   * Assigned from the {@code secrets_seq} sequence before sealing, since the id is part of the
   * seal.
   */
  @Id private Long id;

  @Column(name = "project_id")
  private Long projectId;

  @Column(length = NAME_LENGTH)
  private String name;

  @Column(length = DESCRIPTION_LENGTH)
  private String description;

  private byte[] ciphertext;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Version private Long version;

  protected Secret() {}

  /** A new secret; {@code projectId} is {@code null} for a global one. Seal it before saving. */
  public Secret(long id, Long projectId, String name, String description, Instant now) {
    this.id = id;
    this.projectId = projectId;
    this.name = name;
    this.description = description;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /**
   * What the ciphertext is bound to: a ciphertext copied to another secret, scope or name fails to
   * open there.
   */
  public byte[] contextInfo() {
    String scope = projectId == null ? "global" : "project:" + projectId;
    return ("kiln-secret:" + id + ":" + scope + ":" + name).getBytes(StandardCharsets.UTF_8);
  }

  /** Replaces the sealed value. */
  public void seal(byte[] ciphertext, Instant now) {
    this.ciphertext = ciphertext.clone();
    this.updatedAt = now;
  }

  /**
   * The same value sealed again, under another key: when the value last changed stays as it was.
   */
  public void reseal(byte[] ciphertext) {
    this.ciphertext = ciphertext.clone();
  }

  public Long getId() {
    return id;
  }

  public Long getProjectId() {
    return projectId;
  }

  public String getName() {
    return name;
  }

  public String getDescription() {
    return description;
  }

  public byte[] getCiphertext() {
    return ciphertext.clone();
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}

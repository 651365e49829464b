package dev.kiln.portal.user.domain;

import dev.kiln.portal.user.ApiScope;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** A personal API token, stored by the SHA-256 of its value. */
@Entity
@Table(name = "api_tokens")
public class ApiToken {

  /** Column lengths, in characters; validation takes its limits from here. */
  public static final int NAME_LENGTH = 100;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "user_id")
  private UserAccount user;

  @Column(length = NAME_LENGTH)
  private String name;

  @Column(name = "token_hash", length = 64)
  private String tokenHash;

  @Enumerated(EnumType.STRING)
  @Column(length = 20)
  private ApiScope scope;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "expires_at")
  private Instant expiresAt;

  @Column(name = "last_used_at")
  private Instant lastUsedAt;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  protected ApiToken() {}

  public ApiToken(
      UserAccount user,
      String name,
      String tokenHash,
      ApiScope scope,
      Instant createdAt,
      Instant expiresAt) {
    this.user = user;
    this.name = name;
    this.tokenHash = tokenHash;
    this.scope = scope;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }

  public Long getId() {
    return id;
  }

  public UserAccount getUser() {
    return user;
  }

  public String getName() {
    return name;
  }

  public ApiScope getScope() {
    return scope;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }

  public Instant getLastUsedAt() {
    return lastUsedAt;
  }

  public Instant getRevokedAt() {
    return revokedAt;
  }

  /** Whether the token may authenticate at {@code now}: neither revoked nor expired. */
  public boolean isUsable(Instant now) {
    return revokedAt == null && now.isBefore(expiresAt);
  }

  public void markUsed(Instant now) {
    this.lastUsedAt = now;
  }

  public void revoke(Instant now) {
    if (revokedAt == null) {
      this.revokedAt = now;
    }
  }
}

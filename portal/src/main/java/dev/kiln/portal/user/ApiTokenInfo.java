package dev.kiln.portal.user;

import java.time.Instant;

/** An API token as its owner sees it; the value itself is never kept. */
public record ApiTokenInfo(
    long id,
    String name,
    ApiScope scope,
    Instant createdAt,
    Instant expiresAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  /** Whether the token still authenticates at {@code now}. */
  public boolean isActive(Instant now) {
    return revokedAt == null && now.isBefore(expiresAt);
  }
}

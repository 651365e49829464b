package dev.kiln.portal.user.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;

/** Stored API tokens. */
public interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

  @EntityGraph(attributePaths = "user")
  Optional<ApiToken> findByTokenHash(String tokenHash);

  List<ApiToken> findByUserOrderByCreatedAtDesc(UserAccount user);

  /** The user's tokens that still authenticate at {@code now}: neither revoked nor expired. */
  List<ApiToken> findByUserAndRevokedAtIsNullAndExpiresAtAfter(UserAccount user, Instant now);
}

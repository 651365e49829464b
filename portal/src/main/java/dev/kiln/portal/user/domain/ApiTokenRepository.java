package dev.kiln.portal.user.domain;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;

/** Stored API tokens. */
public interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

  @EntityGraph(attributePaths = "user")
  Optional<ApiToken> findByTokenHash(String tokenHash);

  List<ApiToken> findByUserOrderByCreatedAtDesc(UserAccount user);
}

package dev.kiln.portal.user.domain;

import dev.kiln.portal.user.Role;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Stored users. */
public interface UserRepository extends JpaRepository<UserAccount, Long> {

  @Query("select u from UserAccount u where lower(u.username) = lower(?1)")
  Optional<UserAccount> findByUsername(String username);

  Optional<UserAccount> findByProviderAndSubject(String provider, String subject);

  java.util.List<UserAccount> findAllByOrderByUsernameAsc(org.springframework.data.domain.Pageable page);

  long countByRoleAndEnabledTrue(Role role);
}

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

  @Query("select u from UserAccount u where u.enabled and lower(u.username) like lower(concat(?1, '%')) order by lower(u.username)")
  java.util.List<UserAccount> findEnabledStartingWith(String prefix, org.springframework.data.domain.Pageable page);
}

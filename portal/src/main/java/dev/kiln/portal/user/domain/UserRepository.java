package dev.kiln.portal.user.domain;

import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.Usernames;
import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Stored users, found by name through {@link Usernames#key} only. */
public interface UserRepository extends JpaRepository<UserAccount, Long> {

  Optional<UserAccount> findByUsernameKey(String usernameKey);

  /** The user this name, as typed or stored, is the account of. */
  default Optional<UserAccount> findByUsername(String username) {
    String key = Usernames.key(username);
    return Usernames.couldBeAnAccount(key) ? findByUsernameKey(key) : Optional.empty();
  }

  /**
   * The user, with their row locked until the transaction ends: changes to credentials never cross.
   */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select u from UserAccount u where u.id = ?1")
  Optional<UserAccount> findForUpdate(long id);

  /** As {@link #findForUpdate(long)}, by the name's {@link Usernames#key}. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select u from UserAccount u where u.usernameKey = ?1")
  Optional<UserAccount> findForUpdateByKey(String usernameKey);

  List<UserAccount> findByUsernameKeyIn(Collection<String> usernameKeys);

  Optional<UserAccount> findByProviderAndSubject(String provider, String subject);

  List<UserAccount> findAllByOrderByUsernameAsc(Pageable page);

  long countByRoleAndEnabledTrue(Role role);

  /**
   * Enabled users whose key starts with {@code keyPattern}, a LIKE pattern escaped with {@code \}.
   */
  @Query(
      "select u from UserAccount u where u.enabled and u.usernameKey like ?1 escape '\\' order by u.usernameKey")
  List<UserAccount> findEnabledByKeyLike(String keyPattern, Pageable page);
}

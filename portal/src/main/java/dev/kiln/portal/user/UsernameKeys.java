package dev.kiln.portal.user;

import dev.kiln.portal.user.domain.UserAccount;
import dev.kiln.portal.user.domain.UserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start, before the log-in page opens, checks that every stored name key is what {@link
 * Usernames#key} computes today, and corrects any that is not: the migration that added the keys
 * computed them in SQL for the names Kiln allowed then, and a later Kiln may fold names
 * differently. A correction that would make two users one is refused by the unique index and
 * logged, and both users keep their old keys.
 */
@Component
class UsernameKeys implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(UsernameKeys.class);

  private final UserRepository users;
  private final TransactionTemplate transactions;

  UsernameKeys(UserRepository users, PlatformTransactionManager transactions) {
    this.users = users;
    this.transactions = new TransactionTemplate(transactions);
  }

  @Override
  public void afterSingletonsInstantiated() {
    for (UserAccount stale :
        users.findAll().stream()
            .filter(u -> !Usernames.key(u.getUsername()).equals(u.getUsernameKey()))
            .toList()) {
      try {
        transactions.executeWithoutResult(
            status -> users.findById(stale.getId()).ifPresent(UserAccount::rekey));
        log.info("Re-keyed the user name {}", stale.getUsername());
      } catch (RuntimeException e) {
        log.error(
            "Could not re-key the user name {}: another user has the same key {}",
            stale.getUsername(),
            Usernames.key(stale.getUsername()),
            e);
      }
    }
  }
}

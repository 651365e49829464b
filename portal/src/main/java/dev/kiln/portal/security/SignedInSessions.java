package dev.kiln.portal.security;

import dev.kiln.portal.user.AccountStanding;
import dev.kiln.portal.user.UserService;
import dev.kiln.portal.user.Usernames;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Ends this node's sessions whose user was disabled or whose credentials changed, every {@link
 * CurrentAccount#RECHECK}, whether or not they make a request: an open page that only receives (a
 * live log, over push) would otherwise go on receiving until its next request. One query per sweep
 * reads every signed-in user's account. {@link CurrentAccount} checks each request too.
 */
@Component
class SignedInSessions implements HttpSessionListener {

  private static final Logger log = LoggerFactory.getLogger(SignedInSessions.class);

  private final Set<HttpSession> sessions = ConcurrentHashMap.newKeySet();
  private final UserService users;

  SignedInSessions(UserService users) {
    this.users = users;
  }

  @Override
  public void sessionCreated(HttpSessionEvent event) {
    sessions.add(event.getSession());
  }

  @Override
  public void sessionDestroyed(HttpSessionEvent event) {
    sessions.remove(event.getSession());
  }

  @Scheduled(initialDelay = 2000, fixedDelay = 2000)
  void endOutdated() {
    Map<HttpSession, Authentication> signedIn = signedIn();
    if (signedIn.isEmpty()) {
      return;
    }
    Map<String, AccountStanding> accounts;
    try {
      accounts =
          users.standings(
              signedIn.values().stream().map(a -> Usernames.key(a.getName())).distinct().toList());
    } catch (DataAccessException e) {
      log.warn(
          "Could not read the accounts of signed-in users; sessions are checked again soon: {}",
          e.getMessage());
      return;
    }
    signedIn.forEach(
        (session, auth) -> {
          try {
            SessionCredentials.endIfStale(
                session, auth, Optional.ofNullable(accounts.get(Usernames.key(auth.getName()))));
          } catch (IllegalStateException alreadyEnded) {
            sessions.remove(session);
          }
        });
  }

  /** The log-in of every session that has one. */
  private Map<HttpSession, Authentication> signedIn() {
    Map<HttpSession, Authentication> signedIn = new HashMap<>();
    for (HttpSession session : sessions) {
      try {
        if (session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)
                instanceof SecurityContext c
            && SessionCredentials.signedIn(c.getAuthentication())) {
          signedIn.put(session, c.getAuthentication());
        }
      } catch (IllegalStateException alreadyEnded) {
        sessions.remove(session);
      }
    }
    return signedIn;
  }
}

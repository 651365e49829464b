package dev.kiln.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.user.CredentialsVersion;
import dev.kiln.portal.user.PasswordChanges;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserAdministration;
import dev.kiln.portal.user.UserService;
import dev.kiln.portal.user.UserSummary;
import jakarta.servlet.http.HttpSessionEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * A logged-in session follows its account: an admin who is demoted loses the admin role at the next
 * request, and a user who is disabled, or whose password is reset, is logged out, not left with the
 * session they had.
 */
class CurrentAccountIT extends KilnSpringTest {

  private static final AtomicInteger names = new AtomicInteger();

  @Autowired UserService users;
  @Autowired UserAdministration admin;
  @Autowired SignedInSessions sessions;
  @Autowired PasswordChanges changes;

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  @Test
  @WithMockUser(roles = "ADMIN") // to change the user's account
  void aDemotedAdminLosesTheRoleAtTheNextRequest() throws Exception {
    String name = user(Role.ADMIN);
    var filter = new CurrentAccount(users, Duration.ZERO); // reads the account at every request
    assertThat(roles(filter, name, "ROLE_ADMIN")).containsExactly("ROLE_ADMIN");

    admin.changeRole(id(name), Role.VIEWER);

    assertThat(roles(filter, name, "ROLE_ADMIN")).containsExactly("ROLE_VIEWER");
  }

  @Test
  @WithMockUser(roles = "ADMIN")
  void aDisabledUsersSessionEnds() throws Exception {
    String name = user(Role.MAINTAINER);
    admin.setEnabled(id(name), false);
    var session = new MockHttpSession();

    AtomicReference<Authentication> seen = new AtomicReference<>();
    run(new CurrentAccount(users), name, "ROLE_MAINTAINER", session, seen);

    assertThat(seen.get()).as("the request goes on without the log-in").isNull();
    assertThat(session.isInvalid()).isTrue();
  }

  @Test
  @WithMockUser(roles = "ADMIN")
  void aPasswordResetEndsTheUsersSession() throws Exception {
    String name = user(Role.MAINTAINER);
    var filter = new CurrentAccount(users, Duration.ZERO);
    Authentication loggedIn = loggedIn(name);
    var session = new MockHttpSession();
    assertThat(request(filter, loggedIn, session)).as("before the reset").isNotNull();

    admin.resetPassword(id(name));

    assertThat(request(filter, loggedIn, session))
        .as("the request goes on without the log-in")
        .isNull();
    assertThat(session.isInvalid()).isTrue();
  }

  /** A log-in checked just before the reset, whose session makes its first request just after. */
  @Test
  @WithMockUser(roles = "ADMIN")
  void aLogInFromBeforeTheResetEndsAtItsFirstRequest() throws Exception {
    String name = user(Role.MAINTAINER);
    Authentication loggedIn = loggedIn(name);

    admin.resetPassword(id(name));

    var session = new MockHttpSession();
    assertThat(request(new CurrentAccount(users, Duration.ZERO), loggedIn, session)).isNull();
    assertThat(session.isInvalid()).isTrue();
  }

  /** Enabling the user again does not bring back the sessions the disable ended, however soon. */
  @Test
  @WithMockUser(roles = "ADMIN")
  void aDisabledUsersSessionsStayEndedWhenEnabledAgain() throws Exception {
    String name = user(Role.MAINTAINER);
    var filter = new CurrentAccount(users, Duration.ZERO);
    Authentication loggedIn = loggedIn(name);
    var session = new MockHttpSession();
    assertThat(request(filter, loggedIn, session)).isNotNull();

    admin.setEnabled(id(name), false);
    admin.setEnabled(id(name), true);

    assertThat(request(filter, loggedIn, session)).isNull();
    assertThat(session.isInvalid()).isTrue();
  }

  /**
   * The session that changes the password goes on (the screen hands it the new version); the user's
   * others end.
   */
  @Test
  void aPasswordChangeEndsTheUsersOtherSessionsOnly() throws Exception {
    String name = user(Role.MAINTAINER);
    var filter = new CurrentAccount(users, Duration.ZERO);
    Authentication here = loggedIn(name);
    Authentication elsewhere = loggedIn(name);
    var thisSession = new MockHttpSession();
    var otherSession = new MockHttpSession();
    assertThat(request(filter, here, thisSession)).isNotNull();
    assertThat(request(filter, elsewhere, otherSession)).isNotNull();

    long version =
        as(
            name,
            List.of("ROLE_MAINTAINER"),
            () -> changes.change("a long enough password", "a brand new password"));
    thisSession.setAttribute(CredentialsVersion.sessionAttribute(name), version);

    assertThat(request(filter, here, thisSession)).isNotNull();
    assertThat(thisSession.isInvalid()).isFalse();
    assertThat(request(filter, elsewhere, otherSession)).isNull();
    assertThat(otherSession.isInvalid()).isTrue();
  }

  /**
   * A session that makes no request (a page that only receives pushes) ends too, from the node's
   * own sweep; the sessions of other users stay.
   */
  @Test
  @WithMockUser(roles = "ADMIN")
  void anIdleSessionEndsWithoutARequest() {
    String name = user(Role.MAINTAINER);
    MockHttpSession idle = signedInSession(name);
    MockHttpSession other = signedInSession(user(Role.MAINTAINER));
    try {
      sessions.endOutdated();
      assertThat(idle.isInvalid()).isFalse();

      admin.resetPassword(id(name));
      sessions.endOutdated(); // what the node does every two seconds anyway

      assertThat(idle.isInvalid()).isTrue();
      assertThat(other.isInvalid()).isFalse();
    } finally {
      sessions.sessionDestroyed(new HttpSessionEvent(other));
    }
  }

  /** A session of this node, logged in as the password form does it. */
  private MockHttpSession signedInSession(String name) {
    var session = new MockHttpSession();
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(loggedIn(name));
    session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
    sessions.sessionCreated(new HttpSessionEvent(session));
    return session;
  }

  /** The log-in as the password form makes it: the account as read for the password check. */
  private Authentication loggedIn(String name) {
    var account = users.loadUserByUsername(name);
    return UsernamePasswordAuthenticationToken.authenticated(
        account, null, account.getAuthorities());
  }

  /** One request of a session with this log-in; returns the log-in the rest of the chain sees. */
  private static Authentication request(
      CurrentAccount filter, Authentication auth, MockHttpSession session) throws Exception {
    var outer = SecurityContextHolder.getContext();
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(auth);
    SecurityContextHolder.setContext(context);
    var request = new MockHttpServletRequest("GET", "/");
    request.setSession(session);
    AtomicReference<Authentication> seen = new AtomicReference<>();
    try {
      filter.doFilter(
          request,
          new MockHttpServletResponse(),
          (req, res) -> seen.set(SecurityContextHolder.getContext().getAuthentication()));
    } finally {
      SecurityContextHolder.setContext(outer);
    }
    return seen.get();
  }

  private List<String> roles(CurrentAccount filter, String name, String role) throws Exception {
    AtomicReference<Authentication> seen = new AtomicReference<>();
    run(filter, name, role, new MockHttpSession(), seen);
    return seen.get().getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
  }

  /**
   * One request of a session that logged in as {@code name} with {@code role}; the chain sees what
   * it sees.
   */
  private static void run(
      CurrentAccount filter,
      String name,
      String role,
      MockHttpSession session,
      AtomicReference<Authentication> seen)
      throws Exception {
    var outer = SecurityContextHolder.getContext();
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            name, null, AuthorityUtils.createAuthorityList(role)));
    SecurityContextHolder.setContext(context);
    var request = new MockHttpServletRequest("GET", "/");
    request.setSession(session);
    try {
      filter.doFilter(
          request,
          new MockHttpServletResponse(),
          (req, res) -> seen.set(SecurityContextHolder.getContext().getAuthentication()));
    } finally {
      SecurityContextHolder.setContext(outer);
    }
  }

  private String user(Role role) {
    String name = "account-" + names.incrementAndGet();
    TestUsers.create(users, name, "a long enough password", role);
    return name;
  }

  private long id(String name) {
    return admin.list(PageRequest.of(0, 10_000)).stream()
        .filter(u -> u.username().equals(name))
        .map(UserSummary::id)
        .findFirst()
        .orElseThrow();
  }
}

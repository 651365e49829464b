package dev.kiln.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserAdministration;
import dev.kiln.portal.user.UserService;
import dev.kiln.portal.user.UserSummary;
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

/**
 * A logged-in session follows its account: an admin who is demoted loses the admin role at the next
 * request, and a user who is disabled is logged out, not left with the session they had.
 */
class CurrentAccountIT extends KilnSpringTest {

  private static final AtomicInteger names = new AtomicInteger();

  @Autowired UserService users;
  @Autowired UserAdministration admin;

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  @Test
  @WithMockUser(roles = "ADMIN") // to change the user's account
  void aDemotedAdminLosesTheRoleAtTheNextRequest() throws Exception {
    String name = user(Role.ADMIN);
    var filter = new CurrentAccount(users, java.time.Duration.ZERO); // reads the account at every request
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

  private List<String> roles(CurrentAccount filter, String name, String role) throws Exception {
    AtomicReference<Authentication> seen = new AtomicReference<>();
    run(filter, name, role, new MockHttpSession(), seen);
    return seen.get().getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
  }

  /** One request of a session that logged in as {@code name} with {@code role}; the chain sees what it sees. */
  private static void run(CurrentAccount filter, String name, String role, MockHttpSession session,
      AtomicReference<Authentication> seen) throws Exception {
    var outer = SecurityContextHolder.getContext();
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name, null,
        AuthorityUtils.createAuthorityList(role)));
    SecurityContextHolder.setContext(context);
    var request = new MockHttpServletRequest("GET", "/");
    request.setSession(session);
    try {
      filter.doFilter(request, new MockHttpServletResponse(),
          (req, res) -> seen.set(SecurityContextHolder.getContext().getAuthentication()));
    } finally {
      SecurityContextHolder.setContext(outer);
    }
  }

  private String user(Role role) {
    String name = "account-" + names.incrementAndGet();
    users.create(name, "a long enough password", role);
    return name;
  }

  private long id(String name) {
    return admin.list(PageRequest.of(0, 10_000)).stream().filter(u -> u.username().equals(name))
        .map(UserSummary::id).findFirst().orElseThrow();
  }
}

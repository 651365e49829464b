package dev.kiln.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.user.AccountStanding;
import dev.kiln.portal.user.CredentialsVersion;
import dev.kiln.portal.user.Role;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * The one decision the request filter and the idle-session sweep both take: end the session or not.
 */
class SessionCredentialsTest {

  private final Authentication alice =
      UsernamePasswordAuthenticationToken.authenticated(
          "alice", null, AuthorityUtils.createAuthorityList("ROLE_VIEWER"));

  @Test
  void aSessionOlderThanItsAccountsCredentialsOrWithoutAnAccountEnds() {
    var current = session(3);
    var old = session(2);
    var orphan = session(3);

    assertThat(
            SessionCredentials.endIfStale(
                current, alice, Optional.of(new AccountStanding(Role.VIEWER, 3))))
        .isFalse();
    assertThat(
            SessionCredentials.endIfStale(
                old, alice, Optional.of(new AccountStanding(Role.VIEWER, 3))))
        .isTrue();
    assertThat(SessionCredentials.endIfStale(orphan, alice, Optional.empty())).isTrue();

    assertThat(current.isInvalid()).isFalse();
    assertThat(old.isInvalid()).isTrue();
    assertThat(orphan.isInvalid()).isTrue();
  }

  @Test
  void onlyARealLogInIsSignedIn() {
    assertThat(SessionCredentials.signedIn(alice)).isTrue();
    assertThat(SessionCredentials.signedIn(null)).isFalse();
    assertThat(
            SessionCredentials.signedIn(
                new AnonymousAuthenticationToken(
                    "key", "anonymous", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"))))
        .isFalse();
    assertThat(
            SessionCredentials.signedIn(
                UsernamePasswordAuthenticationToken.unauthenticated("alice", "x")))
        .isFalse();
  }

  private static MockHttpSession session(long version) {
    var session = new MockHttpSession();
    session.setAttribute(CredentialsVersion.sessionAttribute("alice"), version);
    return session;
  }
}

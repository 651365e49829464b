package dev.kiln.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.user.Role;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Log-in through GitHub (a fake one laid out as GitHub Enterprise, see {@link FakeGitHub}) and
 * Spring Security's real OAuth2 flow: the user is created at the first log-in with the role their
 * organizations and teams map to ({@code Acme=MAINTAINER, acme/kiln-admins=ADMIN} here).
 */
@WithMockUser(roles = "ADMIN") // the test itself looks users up as an admin
class GitHubAccountsIT extends ProviderLoginSpringTest {

  @Test
  void aTeamMemberGetsTheTeamsRoleEvenWhenTheTeamIsOnALaterPage() throws Exception {
    List<String> manyTeams =
        IntStream.rangeClosed(1, 120).mapToObj(n -> "bigcorp/team-" + n).toList();
    GITHUB.nextAuthorizes(
        new FakeGitHub.Account(
            583231,
            "octocat",
            "octocat@example.org",
            List.of("bigcorp", "Acme"),
            concat(manyTeams, "Acme/kiln-admins")));

    assertThat(logInThrough("github").getPath()).isEqualTo("/");

    var octocat = user("octocat").orElseThrow();
    assertThat(octocat.role()).isEqualTo(Role.ADMIN);
    assertThat(octocat.provider()).isEqualTo("github");
    assertThat(octocat.email()).isEqualTo("octocat@example.org");
    assertThat(GITHUB.requests())
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith("GET /login/oauth/authorize?")
                    .contains("scope=read:user%20read:org"));
    assertThat(GITHUB.requests())
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith("POST /login/oauth/access_token")
                    .contains("accept=application/json")
                    .endsWith("auth=Basic"));
    assertThat(GITHUB.requests())
        .anySatisfy(r -> assertThat(r).startsWith("GET /api/v3/user/teams?per_page=100&page=2"));
  }

  @Test
  void anOrganizationMemberGetsTheOrganizationsRole() throws Exception {
    GITHUB.nextAuthorizes(
        new FakeGitHub.Account(1001, "monalisa", null, List.of("acme"), List.of()));

    assertThat(logInThrough("github").getPath()).isEqualTo("/");

    var monalisa = user("monalisa").orElseThrow();
    assertThat(monalisa.role()).isEqualTo(Role.MAINTAINER);
    assertThat(monalisa.email()).isNull();
  }

  @Test
  void aUserWhoseOrganizationsAreNotMappedGetsTheDefaultRole() throws Exception {
    GITHUB.nextAuthorizes(
        new FakeGitHub.Account(
            1002, "hubot", null, List.of("elsewhere"), List.of("elsewhere/kiln-admins")));

    assertThat(logInThrough("github").getPath()).isEqualTo("/");

    assertThat(user("hubot").orElseThrow().role()).isEqualTo(Role.VIEWER);
  }

  private static List<String> concat(List<String> list, String last) {
    return Stream.concat(list.stream(), Stream.of(last)).toList();
  }
}

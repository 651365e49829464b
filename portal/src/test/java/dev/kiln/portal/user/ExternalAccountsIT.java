package dev.kiln.portal.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Users from an OpenID provider: created at first log-in, their role from their groups (the mapping
 * is set for all portal tests in {@link KilnSpringTest}, which share one context).
 */
class ExternalAccountsIT extends KilnSpringTest {

  @Autowired ExternalAccounts accounts;
  @Autowired UserService users;
  @Autowired PasswordChanges changes;

  @Test
  void firstLogInCreatesTheUserWithTheMostPrivilegedMappedRole() {
    var user =
        accounts.signIn(
            "idp",
            "sub-1",
            "grace",
            "grace@example.org",
            List.of("staff", "kiln-maintainers", "kiln-admins"));
    assertThat(user).isEqualTo(new ExternalAccounts.SignedIn("grace", Role.ADMIN, 0));
  }

  @Test
  void unmappedGroupsGiveTheDefaultRoleAndLaterMappingsUpdateIt() {
    assertThat(accounts.signIn("idp", "sub-2", "linus", null, List.of("staff")).role())
        .isEqualTo(Role.VIEWER);
    assertThat(accounts.signIn("idp", "sub-2", "linus", null, List.of("kiln-maintainers")).role())
        .isEqualTo(Role.MAINTAINER);
  }

  @Test
  void aNameTakenByAnotherAccountGetsASuffixAndTheSameSubjectKeepsItsAccount() {
    TestUsers.create(users, "margaret", "a-local-password-123", Role.VIEWER);
    var first = accounts.signIn("idp", "sub-3", "margaret", null, List.of());
    var again = accounts.signIn("idp", "sub-3", "margaret", null, List.of());
    assertThat(first.username()).isEqualTo("margaret-2");
    assertThat(again.username()).isEqualTo("margaret-2");
  }

  /**
   * A provider's name for a user becomes a local-style name: compatibility forms folded, other
   * characters made dashes, cut to fit, and never the same account as an existing name's key.
   */
  @Test
  void providerNamesBecomeSafeNamesOfTheirOwn() {
    assertThat(accounts.signIn("idp", "sub-6", "ｇｒｏｖｅｒ", null, List.of()).username())
        .isEqualTo("grover");
    assertThat(accounts.signIn("idp", "sub-7", "GROVER", null, List.of()).username())
        .isEqualTo("GROVER-2");
    assertThat(accounts.signIn("idp", "sub-8", "ma\u0130nt ß", null, List.of()).username())
        .isEqualTo("ma-nt--");
    assertThat(accounts.signIn("idp", "sub-9", "x".repeat(300), null, List.of()).username())
        .hasSize(92);
    assertThat(accounts.signIn("idp", "sub-10", "x".repeat(300), null, List.of()).username())
        .isEqualTo("x".repeat(92) + "-2");
  }

  @Test
  void providerUsersHaveNoLocalPassword() {
    accounts.signIn("idp", "sub-4", "barbara", null, List.of());
    assertThatThrownBy(() -> users.loadUserByUsername("barbara"))
        .isInstanceOf(UsernameNotFoundException.class);
    assertThatThrownBy(
            () ->
                as(
                    "barbara",
                    List.of("ROLE_VIEWER"),
                    () -> changes.change("", "a-new-long-password")))
        .hasMessage("You log in through idp; change your password there.");
  }

  @Test
  void aMappingThatNamesNoRoleIsRefusedAtStart() {
    assertThatThrownBy(() -> new AuthProperties(null, null, "kiln-admins=ROOT", null))
        .hasMessageContaining("names no role; use ADMIN, MAINTAINER or VIEWER");
    assertThatThrownBy(() -> new AuthProperties.GitHub("acme/ops=ROOT"))
        .hasMessage(
            "kiln.auth.github.role-mapping: 'acme/ops=ROOT' names no role; use ADMIN, MAINTAINER or VIEWER");
  }

  @Test
  void gitHubOrganizationsAndTeamsAreMappedWhateverTheirCase() {
    var github = new AuthProperties.GitHub("Acme=VIEWER, ACME/Release-Team=maintainer");
    assertThat(github.groupRoles())
        .isEqualTo(Map.of("acme", Role.VIEWER, "acme/release-team", Role.MAINTAINER));
    var user =
        accounts.signIn(
            "github",
            "4242",
            "octo",
            null,
            List.of("acme", "acme/release-team"),
            github.groupRoles());
    assertThat(user.role()).isEqualTo(Role.MAINTAINER);
  }
}

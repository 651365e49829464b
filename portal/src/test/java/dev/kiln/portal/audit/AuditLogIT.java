package dev.kiln.portal.audit;

import static dev.kiln.portal.FinishedBuilds.awaitFinal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.kiln.portal.FormLogIn;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.secret.SecretInfo;
import dev.kiln.portal.secret.SecretService;
import dev.kiln.portal.user.ApiScope;
import dev.kiln.portal.user.ApiTokens;
import dev.kiln.portal.user.ExternalAccounts;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserAdministration;
import dev.kiln.portal.user.UserService;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each audited action, done through the real services (log-ins through the real form), leaves the
 * entry it should, and no entry holds a password, a token or a secret value.
 */
class AuditLogIT extends KilnSpringTest {

  @LocalServerPort int port;

  @Autowired AuditLog audit;
  @Autowired UserService users;
  @Autowired ExternalAccounts accounts;
  @Autowired UserAdministration admin;
  @Autowired ApiTokens tokens;
  @Autowired SecretService secrets;
  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired AuthenticationEventPublisher authenticationEvents;
  @Autowired TransactionTemplate transactions;
  @Autowired JdbcTemplate jdbc;

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @Test
  void logInsThroughTheFormAreRecordedWithTheAddressAndNeverThePassword() throws Exception {
    TestUsers.create(users, "audit-login", "Audit-Pass-Qz7-long", Role.VIEWER);

    assertThat(logIn("audit-login", "wrong-Pass-Qz7").headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).contains("/login?error"));
    logIn("audit-nobody", "other-Pass-Qz8");
    assertThat(logIn("audit-login", "Audit-Pass-Qz7-long").headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).doesNotContain("error"));

    assertThat(entries(new AuditFilter("audit-login", null, null, null, null)))
        .extracting(
            AuditEntry::actor,
            AuditEntry::action,
            AuditEntry::target,
            AuditEntry::detail,
            AuditEntry::remoteAddress,
            AuditEntry::node)
        .containsExactly(
            tuple(
                "audit-login",
                "login.succeeded",
                "user audit-login",
                "password",
                "127.0.0.1",
                "test-node"),
            tuple(
                "audit-login",
                "login.failed",
                "user audit-login",
                "password: wrong user name or password",
                "127.0.0.1",
                "test-node"));
    assertThat(entries(new AuditFilter("AUDIT-NOBODY", AuditAction.LOGIN_FAILED, null, null, null)))
        .extracting(AuditEntry::actor)
        .containsExactly("audit-nobody");
    assertThat(auditLogHolds("Pass-Qz")).isFalse();
  }

  /**
   * Local builds run on the Kiln host, so a request from 127.0.0.1 may be a build's: by default its
   * {@code X-Forwarded-For} is its own claim, and the log-in limits and the audit log key it by
   * 127.0.0.1, never by the address it names.
   */
  @Test
  void aForwardedForHeaderFromThisHostIsIgnoredByDefault() throws Exception {
    TestUsers.create(users, "audit-forged", "Audit-Pass-Qz9-long", Role.VIEWER);

    FormLogIn.post(
        http, port, "audit-forged", "wrong-Pass-Qz9", Map.of("X-Forwarded-For", "203.0.113.77"));

    assertThat(entries(new AuditFilter("audit-forged", AuditAction.LOGIN_FAILED, null, null, null)))
        .extracting(AuditEntry::remoteAddress)
        .containsExactly("127.0.0.1");
  }

  @Test
  void failedOpenIdLogInIsRecordedWithItsProviderAndError() {
    var idp =
        ClientRegistration.withRegistrationId("audit-idp")
            .clientId("kiln")
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("http://127.0.0.1/login/oauth2/code/audit-idp")
            .authorizationUri("http://127.0.0.1/authorize")
            .tokenUri("http://127.0.0.1/token")
            .build();
    var request =
        OAuth2AuthorizationRequest.authorizationCode()
            .authorizationUri("http://127.0.0.1/authorize")
            .clientId("kiln")
            .redirectUri(idp.getRedirectUri())
            .state("state-1")
            .build();
    var response =
        OAuth2AuthorizationResponse.success("code-1")
            .redirectUri(idp.getRedirectUri())
            .state("state-1")
            .build();
    var attempt =
        new OAuth2LoginAuthenticationToken(idp, new OAuth2AuthorizationExchange(request, response));
    attempt.setDetails(new WebAuthenticationDetails("192.0.2.7", null));

    // As the provider's code reports a failure: Spring maps no event to OAuth2 errors by itself.
    authenticationEvents.publishAuthenticationFailure(
        new OAuth2AuthenticationException(new OAuth2Error("account_disabled")), attempt);

    assertThat(entries(new AuditFilter(null, AuditAction.LOGIN_FAILED, null, null, null)))
        .filteredOn(e -> "192.0.2.7".equals(e.remoteAddress()))
        .extracting(AuditEntry::actor, AuditEntry::detail)
        .containsExactly(tuple("unknown", "OpenID Connect (audit-idp): error account_disabled"));
  }

  @Test
  @WithMockUser(username = "audit-admin", roles = "ADMIN")
  void userChangesAreRecordedWithTheAdminAsActorAndNoPassword() {
    String oneTime = admin.create("audit-bob", Role.VIEWER);
    long id =
        admin.list(PageRequest.of(0, 1000)).stream()
            .filter(u -> u.username().equals("audit-bob"))
            .findFirst()
            .orElseThrow()
            .id();
    admin.changeRole(id, Role.MAINTAINER);
    admin.setEnabled(id, false);
    admin.setEnabled(id, true);
    String reset = admin.resetPassword(id);

    assertThat(entries(new AuditFilter(null, null, null, null, "audit-bob")))
        .extracting(
            AuditEntry::actor,
            AuditEntry::action,
            AuditEntry::target,
            AuditEntry::targetId,
            AuditEntry::detail)
        .containsExactly(
            tuple(
                "audit-admin",
                "user.sessions-ended",
                "user audit-bob",
                String.valueOf(id),
                "every session, by the password reset; 0 API tokens revoked"),
            tuple(
                "audit-admin",
                "user.password-reset",
                "user audit-bob",
                String.valueOf(id),
                "new one-time password"),
            tuple("audit-admin", "user.enabled", "user audit-bob", String.valueOf(id), ""),
            tuple(
                "audit-admin",
                "user.sessions-ended",
                "user audit-bob",
                String.valueOf(id),
                "every session, as the user was disabled; API tokens suspended until enabled again"),
            tuple("audit-admin", "user.disabled", "user audit-bob", String.valueOf(id), ""),
            tuple(
                "audit-admin",
                "user.role-changed",
                "user audit-bob",
                String.valueOf(id),
                "VIEWER → MAINTAINER"),
            tuple(
                "audit-admin",
                "user.created",
                "user audit-bob",
                String.valueOf(id),
                "role VIEWER"));
    assertThat(auditLogHolds(oneTime)).isFalse();
    assertThat(auditLogHolds(reset)).isFalse();
  }

  @Test
  void providerUsersAreRecordedWhenCreatedAndWhenTheirGroupsChangeTheirRole() {
    accounts.signIn("audit-idp", "audit-subject", "audit-grace", null, List.of("staff"));
    accounts.signIn("audit-idp", "audit-subject", "audit-grace", null, List.of("staff"));
    accounts.signIn("audit-idp", "audit-subject", "audit-grace", null, List.of("kiln-maintainers"));

    assertThat(entries(new AuditFilter(null, null, null, null, "audit-grace")))
        .extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::detail)
        .containsExactly(
            tuple("system", "user.role-changed", "VIEWER → MAINTAINER, from groups at audit-idp"),
            tuple("system", "user.created", "first log-in through audit-idp, role VIEWER"));
  }

  @Test
  @WithMockUser(username = "audit-token-owner")
  void apiTokensAreRecordedByNameNeverByValue() {
    TestUsers.create(users, "audit-token-owner", "a-local-password-123", Role.VIEWER);
    ApiTokens.Created created = tokens.create("audit-ci-token", ApiScope.READ, 30);
    tokens.revoke(created.token().id());

    assertThat(entries(new AuditFilter(null, null, null, null, "audit-ci-token")))
        .extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::target, AuditEntry::detail)
        .containsExactly(
            tuple("audit-token-owner", "token.revoked", "token audit-ci-token", ""),
            tuple(
                "audit-token-owner",
                "token.created",
                "token audit-ci-token",
                "scope READ, expires in 30 days"));
    assertThat(auditLogHolds(created.value())).isFalse();
    assertThat(auditLogHolds(created.value().substring(ApiTokens.PREFIX.length()))).isFalse();
  }

  @Test
  @WithMockUser(username = "audit-admin", roles = "ADMIN")
  void secretChangesAreRecordedByNameNeverByValue() {
    SecretInfo secret = secrets.create(null, "AUDIT_TOKEN", "audited", "first-Value-Kx31");
    secrets.replaceValue(secret.id(), "second-Value-Kx32");
    secrets.delete(secret.id());

    assertThat(entries(new AuditFilter(null, null, null, null, "AUDIT_TOKEN")))
        .extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::target, AuditEntry::detail)
        .containsExactly(
            tuple("audit-admin", "secret.deleted", "secret AUDIT_TOKEN", "global"),
            tuple("audit-admin", "secret.replaced", "secret AUDIT_TOKEN", "global"),
            tuple("audit-admin", "secret.created", "secret AUDIT_TOKEN", "global"));
    assertThat(auditLogHolds("Value-Kx3")).isFalse();
  }

  @Test
  @WithMockUser(username = "audit-admin", roles = "ADMIN")
  void projectChangesTheBuildsUseOfSecretsAndCancellingAreRecorded() throws IOException {
    secrets.create(null, "AUDIT_BUILD_SECRET", "", "build-Value-Jw55");
    Path slow = tmp.resolve("slow");
    Path started = tmp.resolve("started");
    // The second build waits, so that it is cancelled while it runs.
    var draft =
        new ProjectDraft(
            "audit-project",
            "",
            "local",
            Map.of(),
            """
        echo "$AUDIT_BUILD_SECRET"
        if [ -e %s ]; then touch %s; sleep 300; fi
        """
                .formatted(slow, started),
            List.of(),
            Duration.ofMinutes(5),
            List.of("AUDIT_BUILD_SECRET"));
    long project = projects.create(draft);
    projects.update(
        project,
        projects.find(project).orElseThrow().updatedAt(),
        new ProjectDraft(
            "audit-project",
            "now described",
            "local",
            Map.of(),
            draft.script(),
            List.of(),
            draft.timeout(),
            draft.secretNames()));
    long build = projects.runNow(project, "audit test");
    assertThat(awaitFinal(builds, build).state()).isEqualTo(BuildState.SUCCEEDED);
    Files.createFile(slow);
    long cancelled = projects.runNow(project, "audit test");
    await(
        "the second build's script to start", Duration.ofSeconds(60), () -> Files.exists(started));
    builds.cancel(cancelled, "audit-admin");
    assertThat(awaitFinal(builds, cancelled).state()).isEqualTo(BuildState.CANCELLED);

    assertThat(entries(new AuditFilter(null, null, null, null, "audit-project")))
        .extracting(
            AuditEntry::actor,
            AuditEntry::action,
            AuditEntry::target,
            AuditEntry::projectId,
            AuditEntry::detail)
        .containsExactly(
            tuple(
                "audit-admin",
                "build.cancelled",
                "build audit-project #2",
                project,
                "while running"),
            tuple(
                "system",
                "secret.used",
                "build audit-project #2",
                project,
                "secrets AUDIT_BUILD_SECRET; triggered by audit test"),
            tuple(
                "system",
                "secret.used",
                "build audit-project #1",
                project,
                "secrets AUDIT_BUILD_SECRET; triggered by audit test"),
            tuple(
                "audit-admin",
                "project.updated",
                "project audit-project",
                project,
                "builder local; secrets: AUDIT_BUILD_SECRET"),
            tuple(
                "audit-admin",
                "project.created",
                "project audit-project",
                project,
                "builder local; secrets: AUDIT_BUILD_SECRET"));
    assertThat(entries(new AuditFilter(null, AuditAction.SECRET_USED, null, null, "audit-project")))
        .extracting(AuditEntry::targetId, AuditEntry::node)
        .containsExactly(
            tuple(String.valueOf(cancelled), "test-node"),
            tuple(String.valueOf(build), "test-node"));
    assertThat(auditLogHolds("Value-Jw55")).isFalse();
  }

  @Test
  @WithMockUser(username = "audit-admin", roles = "ADMIN")
  void aChangeThatRollsBackLeavesNoEntryWhileARefusalStays() {
    transactions.executeWithoutResult(
        status -> {
          admin.create("audit-rolled-back", Role.VIEWER);
          audit.recordIndependently(
              AuditEvent.of(AuditAction.SECRET_OPEN_REFUSED, "node", null, "audit-refusing-node"));
          status.setRollbackOnly();
        });

    assertThat(entries(new AuditFilter(null, null, null, null, "audit-rolled-back"))).isEmpty();
    assertThat(entries(new AuditFilter(null, null, null, null, "audit-refusing-node")))
        .extracting(AuditEntry::actor, AuditEntry::action)
        .containsExactly(tuple("audit-admin", "secret.open-refused"));
  }

  @Test
  void filtersByTimeAndPagesNewestFirst() {
    for (int i = 0; i < 5; i++) {
      audit.record(
          AuditEvent.of(AuditAction.PROJECT_UPDATED, "project", null, "audit-paged-" + i)
              .by("audit-pager"));
    }
    var byPager = new AuditFilter("audit-pager", null, null, null, null);

    assertThat(entries(byPager, PageRequest.of(0, 2)))
        .extracting(AuditEntry::targetName)
        .containsExactly("audit-paged-4", "audit-paged-3");
    assertThat(entries(byPager, PageRequest.of(2, 2)))
        .extracting(AuditEntry::targetName)
        .containsExactly("audit-paged-0");
    Instant now = Instant.now();
    assertThat(
            entries(
                new AuditFilter(
                    "audit-pager", null, now.minusSeconds(600), now.plusSeconds(60), null)))
        .hasSize(5);
    assertThat(entries(new AuditFilter("audit-pager", null, now.plusSeconds(60), null, null)))
        .isEmpty();
    assertThat(entries(new AuditFilter("audit-pager", null, null, now.minusSeconds(600), null)))
        .isEmpty();
    assertThat(entries(new AuditFilter("audit-pager", null, null, null, "PAGED-3"))).hasSize(1);
    assertThat(entries(new AuditFilter("audit-pager", null, null, null, "paged_")))
        .isEmpty(); // _ is no wildcard
  }

  @Test
  @WithMockUser(roles = "MAINTAINER")
  void onlyAdminsMayReadTheLog() {
    assertThatThrownBy(() -> audit.list(AuditFilter.ALL, PageRequest.of(0, 10)))
        .isInstanceOf(AuthorizationDeniedException.class);
  }

  private List<AuditEntry> entries(AuditFilter filter) {
    return entries(filter, PageRequest.of(0, 100));
  }

  /** Reads as an admin, whoever the test runs as. */
  private List<AuditEntry> entries(AuditFilter filter, PageRequest page) {
    var previous = SecurityContextHolder.getContext();
    var reader = SecurityContextHolder.createEmptyContext();
    reader.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            "audit-reader", null, AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
    SecurityContextHolder.setContext(reader);
    try {
      return audit.list(filter, page);
    } finally {
      SecurityContextHolder.setContext(previous);
    }
  }

  /** Whether any text column of any audit entry contains {@code text}. */
  private boolean auditLogHolds(String text) {
    Integer hits =
        jdbc.queryForObject(
            """
        select count(*) from audit_log where position(? in concat_ws('|', actor, action, target_type, target_id,
        target_name, detail, remote_address, node)) > 0""",
            Integer.class,
            text);
    return hits != null && hits > 0;
  }

  private HttpResponse<String> logIn(String username, String password)
      throws IOException, InterruptedException {
    return FormLogIn.post(http, port, username, password);
  }
}

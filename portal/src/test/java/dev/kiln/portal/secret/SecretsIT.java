package dev.kiln.portal.secret;

import static dev.kiln.portal.FinishedBuilds.awaitFinal;
import static dev.kiln.portal.FinishedBuilds.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Secrets from the service to a build's environment, sealed in the database and masked in the log.
 */
@WithMockUser(roles = "ADMIN") // managing secrets is for admins
class SecretsIT extends KilnSpringTest {

  private static final String GLOBAL_TOKEN = "global-tok-7Qx9";
  private static final String PROJECT_TOKEN = "project-tok-Zr41-longer";
  private static final String MULTI_LINE = "first-line-AbC1\nsecond-line-DeF2";

  @Autowired SecretService secrets;
  @Autowired SecretVault vault;
  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired JdbcTemplate jdbc;

  @TempDir Path tmp;

  @Test
  void secretIsStoredSealedAndMaskedInEveryFormTheBuildPrintsIt() throws IOException {
    secrets.create(null, "DEPLOY_TOKEN", "the global one", GLOBAL_TOKEN);
    SecretInfo multi = secrets.create(null, "MULTI_LINE_KEY", "", MULTI_LINE);
    long project =
        projects.create(
            new ProjectDraft(
                "secret-user",
                "",
                "local",
                Map.of(),
                """
        echo "plain: $DEPLOY_TOKEN"
        printf '%s' "$DEPLOY_TOKEN" | base64
        echo "$DEPLOY_TOKEN" | base64
        printf '%s' "$DEPLOY_TOKEN" | base64 | tr '+/' '-_' | tr -d '='
        printf 'split: %s\\n%s\\n' "${DEPLOY_TOKEN:0:9}" "${DEPLOY_TOKEN:9}"
        printf '%s\\n%s\\n' "${MULTI_LINE_KEY%%$'\\n'*}" "${MULTI_LINE_KEY#*$'\\n'}"
        echo "$MULTI_LINE_KEY" | base64 -w0; echo
        # One line longer than the builder's 16 KiB pieces, cut inside the value.
        printf '%16380s%s\\n' '' "$DEPLOY_TOKEN"
        echo "length ${#DEPLOY_TOKEN}"
        """,
                List.of(),
                Duration.ofMinutes(1),
                List.of("DEPLOY_TOKEN", "MULTI_LINE_KEY")));
    secrets.create(project, "DEPLOY_TOKEN", "this project's own", PROJECT_TOKEN);

    assertThat(
            jdbc.queryForObject(
                "select ciphertext from secrets where id = ?", byte[].class, multi.id()))
        .asString(StandardCharsets.ISO_8859_1)
        .doesNotContain("first-line", "second-line");
    for (byte[] sealed : jdbc.queryForList("select ciphertext from secrets", byte[].class)) {
      assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
          .doesNotContain(GLOBAL_TOKEN, PROJECT_TOKEN);
    }

    BuildInfo done = awaitFinal(builds, projects.runNow(project, "test"));
    String log = log(builds, done.id());

    assertThat(done.state()).as(log).isEqualTo(BuildState.SUCCEEDED);
    // The project's own secret wins over the global one of the same name.
    assertThat(log)
        .contains("plain: ***\n", "split: ***\n***\n", "length " + PROJECT_TOKEN.length() + "\n");
    for (String value : List.of(PROJECT_TOKEN, MULTI_LINE)) {
      assertThat(log)
          .doesNotContain(
              value,
              b64(value),
              b64(value).replace("=", ""),
              b64(value + "\n"),
              Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(log)
        .doesNotContain(
            "first-line-AbC1", "second-line-DeF2", "tok-Zr41", PROJECT_TOKEN.substring(0, 9));
    assertThat(log.lines().filter(line -> line.endsWith("***") || line.startsWith("***")).count())
        .isGreaterThan(8);
  }

  @Test
  void buildNamingAMissingSecretEndsAsErrorBeforeItsScriptRuns() {
    Path ran = tmp.resolve("ran");
    long project =
        projects.create(
            new ProjectDraft(
                "secret-missing",
                "",
                "local",
                Map.of(),
                "touch " + ran + "\n",
                List.of(),
                Duration.ofMinutes(1),
                List.of("NOT_THERE_1", "NOT_THERE_2")));

    BuildInfo done = awaitFinal(builds, projects.runNow(project, "test"));

    assertThat(done.state()).isEqualTo(BuildState.ERROR);
    assertThat(done.reason()).contains("secrets that do not exist: NOT_THERE_1, NOT_THERE_2");
    assertThat(Files.exists(ran)).isFalse();
  }

  @Test
  void refusedSecretsSaveNothingAndSayWhy() {
    int before = secrets.list(null).size();
    assertThatThrownBy(() -> secrets.create(null, "SHORT_ONE", "", "abc"))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageContaining("at least 4 characters")
        .hasMessageContaining("hide too much of every log");
    assertThatThrownBy(() -> secrets.create(null, "lower_case", "", "long enough"))
        .hasMessageContaining("upper-case");
    assertThatThrownBy(() -> secrets.create(null, "9_LIVES", "", "long enough"))
        .hasMessageContaining("upper-case");
    secrets.create(null, "TAKEN_NAME", "", "long enough");
    assertThatThrownBy(() -> secrets.create(null, " TAKEN_NAME ", "", "other value"))
        .hasMessage(
            "A global secret named TAKEN_NAME already exists. Choose another name, or replace the existing"
                + " secret's value.");
    assertThatThrownBy(() -> secrets.create(987_654L, "FOR_NOBODY", "", "long enough"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("Project 987654 does not exist.");
    assertThat(secrets.list(null)).hasSize(before + 1);
  }

  @Test
  void namesOfVariablesThatKilnTheShellTheLoaderOrCommonToolsReadAreRefused() {
    int before = secrets.list(null).size();
    for (String name :
        List.of(
            "KILN_BUILD_ID",
            "KILN_WORKSPACE",
            "KILN_ANYTHING",
            "PATH",
            "HOME",
            "LANG",
            "PWD",
            "BASH_ENV",
            "ENV",
            "LD_PRELOAD",
            "GIT_SSH_COMMAND",
            "NODE_OPTIONS",
            "WEBHOOK_REF")) {
      assertThatThrownBy(() -> secrets.create(null, name, "", "long enough"))
          .as(name)
          .isInstanceOf(InvalidSecretException.class)
          .hasMessageContaining(name + " is reserved: ");
    }
    assertThatThrownBy(() -> secrets.create(null, "NUL_IN_VALUE", "", "long\u0000enough"))
        .hasMessageContaining("NUL");
    assertThat(secrets.list(null)).hasSize(before);
    assertThat(secrets.create(null, "MY_KILN_TOKEN", "", "long enough").name())
        .isEqualTo("MY_KILN_TOKEN");

    // A project cannot ask for such a secret either: none can exist.
    assertThatThrownBy(
            () ->
                projects.create(
                    new ProjectDraft(
                        "secret-reserved",
                        "",
                        "local",
                        Map.of(),
                        "true\n",
                        List.of(),
                        Duration.ofMinutes(1),
                        List.of("KILN_BUILD_ID"))))
        .hasMessageContaining("KILN_BUILD_ID is reserved: Kiln sets it for every build");
  }

  @Test
  void replacedValueIsWhatBuildsGetAndDeletedSecretIsGone() {
    long project =
        projects.create(
            new ProjectDraft(
                "secret-replaced",
                "",
                "local",
                Map.of(),
                "true\n",
                List.of(),
                Duration.ofMinutes(1)));
    SecretInfo secret = secrets.create(project, "ROTATED", "", "old-value-1");
    SecretInfo replaced = secrets.replaceValue(secret.id(), "new-value-2");

    assertThat(replaced.updatedAt()).isAfterOrEqualTo(secret.updatedAt());
    assertThat(vault.holdsPrivateKey()).isTrue();
    assertThat(vault.open(project, List.of("ROTATED")))
        .containsExactly(Map.entry("ROTATED", "new-value-2"));
    assertThat(secrets.list(project))
        .extracting(SecretInfo::name, SecretInfo::scope)
        .containsExactly(Tuple.tuple("ROTATED", "project " + project));

    secrets.delete(secret.id());
    assertThat(secrets.list(project)).isEmpty();
    assertThatThrownBy(() -> vault.open(project, List.of("ROTATED")))
        .isInstanceOf(MissingSecretsException.class);
  }

  private static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}

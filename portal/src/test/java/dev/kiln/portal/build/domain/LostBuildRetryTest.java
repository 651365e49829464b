package dev.kiln.portal.build.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildSource;
import dev.kiln.portal.build.BuildSpec;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.build.Revision;
import dev.kiln.portal.build.SecretsPolicy;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.build.TriggerKind;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retry of a lost build is the same build again, as the next attempt, in the same place. */
class LostBuildRetryTest {

  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  private static final Instant QUEUED = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void theRetryIsTheSameBuildAgainAsTheNextAttempt() throws ReflectiveOperationException {
    var trigger =
        new Trigger(
            TriggerKind.WEBHOOK,
            "webhook: push",
            Map.of("TARGET", "prod"),
            7L,
            Map.of("WEBHOOK_REF", "refs/heads/main"),
            new Revision(
                "main", "refs/heads/main", SHA, "Fix the wheels", "Ada <ada@example.org>", QUEUED),
            null);
    Build lost =
        persisted(
            new Build(
                new BuildSpec(
                    3,
                    12,
                    "shop",
                    "local",
                    5L,
                    "fast",
                    "{\"memory\":\"1g\"}",
                    "make dist",
                    List.of("dist/*.tar.gz", "reports/**"),
                    Duration.ofMinutes(9),
                    List.of("TOKEN", "KEY"),
                    trigger,
                    4,
                    new BuildSource("git@git.example.org:shop.git", "DEPLOY_KEY", true)),
                QUEUED),
            41);

    Build retry = LostBuildRetry.of(lost, 13);

    BuildInfo info = persisted(retry, 42).toInfo();
    assertThat(info.number()).isEqualTo(13);
    assertThat(info.attempt()).isEqualTo(2);
    assertThat(info.retryOf()).isEqualTo(41);
    assertThat(info.triggerKind()).isEqualTo(TriggerKind.RETRY);
    assertThat(info.triggeredBy()).isEqualTo("retry of #12 (webhook: push)");
    assertThat(info.state()).isEqualTo(BuildState.QUEUED);
    assertThat(retry.getQueuedAt()).isEqualTo(QUEUED);
    assertThat(info.revision())
        .as("the same commit, not the branch's tip when it runs again")
        .isEqualTo(lost.getSource().revision());
    assertThat(info.revision().commit()).isEqualTo(SHA);
    assertThat(retry.getSource().source())
        .isEqualTo(new BuildSource("git@git.example.org:shop.git", "DEPLOY_KEY", true));
    assertThat(info)
        .extracting(
            BuildInfo::projectId,
            BuildInfo::projectName,
            BuildInfo::builderId,
            BuildInfo::instanceName,
            BuildInfo::timeout,
            BuildInfo::priority)
        .containsExactly(3L, "shop", "local", "fast", Duration.ofMinutes(9), 4);
    assertThat(retry.getBuilderInstanceId()).isEqualTo(5L);
    assertThat(retry.getSettingsJson()).isEqualTo("{\"memory\":\"1g\"}");
    assertThat(retry.getScript()).isEqualTo("make dist");
    assertThat(retry.getArtifactPatterns()).containsExactly("dist/*.tar.gz", "reports/**");
    assertThat(retry.getSecretNames()).containsExactly("TOKEN", "KEY");
    assertThat(retry.getParameters())
        .isEqualTo(Map.of("TARGET", "prod", "WEBHOOK_REF", "refs/heads/main"));
    assertThat(retry.getScheduleId()).isEqualTo(7L);
  }

  @Test
  void aRetryOfARetryIsAnAttemptFurther() throws ReflectiveOperationException {
    Build first = persisted(new Build(spec("manual: admin"), QUEUED), 1);
    Build second = persisted(LostBuildRetry.of(first, 2), 2);

    BuildInfo third = persisted(LostBuildRetry.of(second, 3), 3).toInfo();

    assertThat(third.attempt()).isEqualTo(3);
    assertThat(third.retryOf()).isEqualTo(2);
    assertThat(third.triggeredBy()).isEqualTo("retry of #2 (retry of #1 (manual: admin))");
  }

  /** A fork's code that lost its node is still a fork's code: its retry gets no secrets either. */
  @Test
  void theRetryOfABuildWithoutSecretsGetsNoneEither() throws ReflectiveOperationException {
    var spec = spec("webhook: pull_request opened #7");
    var fork =
        new BuildSpec(
            1,
            1,
            "p",
            "local",
            null,
            null,
            "{}",
            "true",
            List.of(),
            Duration.ofMinutes(1),
            List.of("TOKEN"),
            spec.trigger().withSecrets(SecretsPolicy.WITHHELD),
            0,
            BuildSource.NONE);
    Build lost = persisted(new Build(fork, QUEUED), 1);

    assertThat(persisted(LostBuildRetry.of(lost, 2), 2).toInfo().secrets())
        .isEqualTo(SecretsPolicy.WITHHELD);
    var approvedSpec =
        new BuildSpec(
            1,
            3,
            "p",
            "local",
            null,
            null,
            "{}",
            "true",
            List.of("TOKEN"),
            Duration.ofMinutes(1),
            List.of("TOKEN"),
            spec.trigger().withSecrets(SecretsPolicy.approvedBy("olivia")),
            0,
            BuildSource.NONE);
    Build approved = persisted(new Build(approvedSpec, QUEUED), 3);
    assertThat(persisted(LostBuildRetry.of(approved, 4), 4).toInfo().secrets())
        .isEqualTo(SecretsPolicy.approvedBy("olivia"));
  }

  /**
   * Each retry adds to the trigger's words, which the column holds up to {@link
   * Build#TRIGGERED_BY_LENGTH} characters: the retry's are cut short, as every trigger's are, where
   * the entity's own copy made the database refuse the retry.
   */
  @Test
  void theTriggerOfARetryFitsItsColumn() throws ReflectiveOperationException {
    Build lost = persisted(new Build(spec("api: " + "x".repeat(195)), QUEUED), 1);

    BuildInfo retry = persisted(LostBuildRetry.of(lost, 2), 2).toInfo();

    assertThat(retry.triggeredBy())
        .hasSize(Build.TRIGGERED_BY_LENGTH)
        .startsWith("retry of #1 (api: xxx")
        .endsWith("…");
  }

  private static BuildSpec spec(String by) {
    return new BuildSpec(
        1,
        1,
        "p",
        "local",
        null,
        null,
        "{}",
        "true",
        List.of(),
        Duration.ofMinutes(1),
        List.of(),
        new Trigger(TriggerKind.MANUAL, by, Map.of(), null),
        0,
        BuildSource.NONE);
  }

  /** The build as the database gives it back: with an id. */
  private static Build persisted(Build build, long id) throws ReflectiveOperationException {
    Field field = Build.class.getDeclaredField("id");
    field.setAccessible(true);
    field.set(build, id);
    return build;
  }
}

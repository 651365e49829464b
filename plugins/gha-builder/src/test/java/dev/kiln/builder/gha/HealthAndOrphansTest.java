package dev.kiln.builder.gha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.api.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The instance health check against a fake GitHub, and the reaping of runs whose build is gone. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HealthAndOrphansTest {

  private final GitHubActionsBuilder builder = new GitHubActionsBuilder();
  private FakeGitHub github;

  @BeforeEach
  void startGitHub() throws Exception {
    github = FakeGitHub.start();
  }

  @AfterEach
  void stopGitHub() {
    github.close();
  }

  @Test
  void upNamesTheWorkflowItsStateAndTheRequestsLeft() {
    github.remaining.set(4981);

    Health health = builder.check(Builds.settings(github));

    assertThat(health.up()).isTrue();
    assertThat(health.message())
        .isEqualTo("Workflow kiln.yml (active) in org/wheels; 4,980 of 5,000 requests left");
  }

  @Test
  void downWhenGitHubCannotBeReached() {
    Map<String, String> values = Builds.values(github);
    github.close();
    long before = System.nanoTime();

    Health health = builder.check(Builds.settings(values, FakeGitHub.TOKEN));

    assertThat(health.up()).isFalse();
    assertThat(health.message()).startsWith("Cannot reach GitHub at " + github.url());
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(GitHubApi.CONNECT_TIMEOUT);
  }

  @Test
  void downWithTheReasonWhenTheTokenIsRefused() {
    Health health =
        builder.check(Builds.settings(Builds.values(github), "ghp_Expired7oken00000000000000000"));

    assertThat(health.up()).isFalse();
    assertThat(health.message()).contains("invalid or has expired").doesNotContain("ghp_Expired");
  }

  @Test
  void downWhenTheWorkflowIsDisabled() {
    github.workflowState = "disabled_manually";

    Health health = builder.check(Builds.settings(github));

    assertThat(health.up()).isFalse();
    assertThat(health.message())
        .startsWith("Workflow kiln.yml (disabled manually) in org/wheels")
        .contains("Enable the workflow");
  }

  @Test
  void downAtOnceWhenTheRateLimitIsExhausted() {
    github.rateLimitedUntil = Instant.now().plusSeconds(600);

    Health health = builder.check(Builds.settings(github));

    assertThat(health.up()).isFalse();
    assertThat(health.message())
        .contains("rate limit for this token is exhausted")
        .contains("resets at");
  }

  @Test
  void downWhenASettingIsInvalid() {
    Map<String, String> values = Builds.values(github);
    values.put(GhaSettings.REPOSITORY, "just-a-name");

    Health health = builder.check(Builds.settings(values, FakeGitHub.TOKEN));

    assertThat(health.up()).isFalse();
    assertThat(health.message()).contains("repository").contains("owner/name");
    assertThat(github.requests).isEmpty();
  }

  @Test
  void downWhenNoRepositoryIsSet() {
    Map<String, String> values = Builds.values(github);
    values.remove(GhaSettings.REPOSITORY);

    Health health = builder.check(Builds.settings(values, FakeGitHub.TOKEN));

    assertThat(health.up()).isFalse();
    assertThat(health.message()).contains("Set the Repository");
    assertThat(github.requests).isEmpty();
  }

  @Test
  void reapingCancelsUnfinishedRunsOfBuildsNoLongerLiveAndNothingElse() {
    Instant now = Instant.now();
    FakeRun dead =
        github.addRun("Kiln build 41 [kiln-41-0123456789ab]", FakeRun.State.inProgress(), now);
    FakeRun deadQueued =
        github.addRun("Kiln build 42 [kiln-42-ba9876543210]", FakeRun.State.queued(), now);
    FakeRun live =
        github.addRun("Kiln build 43 [kiln-43-00000000000f]", FakeRun.State.inProgress(), now);
    FakeRun notKilns = github.addRun("Nightly release", FakeRun.State.inProgress(), now);
    FakeRun finished =
        github.addRun(
            "Kiln build 44 [kiln-44-aaaaaaaaaaaa]", FakeRun.State.completed("success"), now);

    List<String> reaped = builder.reapOrphans(Builds.settings(github), id -> id.equals("43"));

    assertThat(reaped).hasSize(2);
    assertThat(reaped.get(0)).contains("run " + deadQueued.id + " of build 42");
    assertThat(reaped.get(1)).contains("run " + dead.id + " of build 41");
    assertThat(dead.wasCancelled()).isTrue();
    assertThat(deadQueued.wasCancelled()).isTrue();
    assertThat(live.wasCancelled()).isFalse();
    assertThat(notKilns.wasCancelled()).isFalse();
    assertThat(finished.wasCancelled()).isFalse();
  }

  @Test
  void reapingWithNothingLeftReturnsNothing() {
    assertThat(builder.reapOrphans(Builds.settings(github), id -> false)).isEmpty();
  }
}

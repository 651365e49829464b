package dev.kiln.builder.gha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.testkit.Await;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What GitHub's refusals and limits become: each a message saying what to fix, rate limits waited
 * out when the build has time, and never the token in a message or a log line.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GitHubErrorsTest {

  @TempDir Path workDirectory;
  private FakeGitHub github;
  private TestBuildContext context;

  @BeforeEach
  void startGitHub() throws Exception {
    github = FakeGitHub.start();
    context = new TestBuildContext(workDirectory);
  }

  @AfterEach
  void stopGitHub() {
    github.close();
  }

  @Test
  void invalidTokenSaysSo() {
    String wrong = "ghp_Wrong7okenThatGitHubRefuses000";

    BuildException e = failure(Builds.settings(Builds.values(github), wrong));

    assertThat(e.getMessage()).contains("401").contains("invalid or has expired");
    assertNoSecret(e, wrong);
  }

  @Test
  void unknownRepositorySaysItWasNotFoundOrIsHidden() {
    BuildException e = failure(with(GhaSettings.REPOSITORY, "org/nope"));

    assertThat(e.getMessage())
        .contains("no repository org/nope with workflow kiln.yml (404)")
        .contains("token cannot see it");
    assertNoSecret(e, FakeGitHub.TOKEN);
  }

  @Test
  void workflowWithoutADispatchTriggerGivesGitHubsReason() {
    BuildException e = failure(with(GhaSettings.WORKFLOW, FakeGitHub.NO_DISPATCH_WORKFLOW));

    assertThat(e.getMessage())
        .contains("(422): Workflow does not have 'workflow_dispatch' trigger")
        .contains("needs a workflow_dispatch trigger");
    assertNoSecret(e, FakeGitHub.TOKEN);
  }

  @Test
  void undeclaredInputOrUnknownRefGivesGitHubsReason() {
    assertThat(failure(with(GhaSettings.INPUTS, "flavour=vanilla")).getMessage())
        .contains("(422): Unexpected inputs provided: [\"flavour\"]");
    assertThat(failure(with(GhaSettings.REF_OVERRIDE, "nope")).getMessage())
        .contains("(422): No ref found for: nope");
  }

  @Test
  void tokenWithoutActionsWriteSaysWhichPermissionIsMissing() {
    BuildException e = failure(Builds.settings(Builds.values(github), FakeGitHub.READ_ONLY_TOKEN));

    assertThat(e.getMessage())
        .contains("403")
        .contains("lacks the actions:write permission on org/wheels")
        .contains("Resource not accessible by personal access token");
    assertNoSecret(e, FakeGitHub.READ_ONLY_TOKEN);
  }

  @Test
  void rateLimitThatResetsAfterTheBuildsTimeoutFailsAtOnceSayingWhenItResets() {
    github.rateLimitedUntil = Instant.now().plusSeconds(3600);
    long before = System.nanoTime();

    BuildException e =
        catchThrowableOfType(
            BuildException.class,
            () ->
                Builds.run(
                    Builds.request(Builds.settings(github), List.of(), Duration.ofMinutes(1)),
                    context));

    assertThat(e.getMessage())
        .contains("rate limit for this token is exhausted (0 of 5,000 requests left)")
        .containsPattern("resets at \\d\\d:\\d\\d:\\d\\d UTC");
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
    assertThat(github.runs).isEmpty();
  }

  @Test
  void exhaustedRateLimitIsWaitedOutUntilItsResetThenTheBuildGoesOn() throws Exception {
    github.rateLimitedUntil = Instant.now().plusSeconds(2);
    long before = System.nanoTime();

    BuildResult result = Builds.run(Builds.request(Builds.settings(github)), context);

    assertThat(result.exitCode()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - before))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(context.notices())
        .anyMatch(
            n ->
                n.matches(
                    "GitHub's API rate limit is exhausted; waiting \\d+ s until it resets at \\d\\d:\\d\\d:\\d\\d UTC\\."));
    assertThat(github.runs).hasSize(1);
    assertThat(context.lines()).contains("build ok");
    assertNoSecret(null, FakeGitHub.TOKEN);
  }

  @Test
  void workflowRunThatNeverShowsUpFailsWithinTheBoundSayingWhatToCheck() {
    github.dispatch = FakeGitHub.Dispatch.NO_CONTENT;
    github.runNameHasKey = false;
    long before = System.nanoTime();

    BuildException e = failure(with(GhaSettings.START_WITHIN_SECONDS, "2"));

    assertThat(e.getMessage())
        .startsWith(
            "The workflow run did not start within 2 s; check that kiln.yml sets"
                + " run-name with inputs.kiln_run_key");
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(6));
    assertNoSecret(e, FakeGitHub.TOKEN);
  }

  @Test
  void runThatCanNoLongerBeFollowedIsCancelledNotLeftRunning() throws Exception {
    github.lifecycle = List.of(FakeRun.State.inProgress());
    Future<BuildResult> build = Builds.start(Builds.request(Builds.settings(github)), context);
    Await.await(
        Duration.ofSeconds(20),
        () -> context.notices().stream().anyMatch(n -> n.contains("is in progress")));

    github.runReadsFail = true;
    ExecutionException e = catchThrowableOfType(ExecutionException.class, build::get);

    assertThat(e.getCause()).isInstanceOf(BuildException.class);
    assertThat(e.getCause().getMessage())
        .startsWith("GitHub answered 502 to GET /repos/org/wheels/actions/runs/");
    assertThat(
            github.requests("GET", "/repos/org/wheels/actions/runs/\\d+").stream()
                .filter(r -> r.query() == null))
        .as("reads are retried")
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(github.runs.getFirst().wasCancelled()).isTrue();
    assertNoSecret(e.getCause(), FakeGitHub.TOKEN);
  }

  @Test
  void unreachableApiSaysWhereItLooked() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    BuildException e = failure(with(GhaSettings.API_URL, "http://127.0.0.1:" + closedPort));

    assertThat(e.getMessage()).startsWith("Cannot reach GitHub at http://127.0.0.1:" + closedPort);
  }

  @Test
  void missingTokenSaysTheSecretCouldNotBeOpened() {
    BuildException e = failure(new BuilderSettings(Builds.values(github)));

    assertThat(e.getMessage()).contains("Token setting is empty or Kiln could not open its secret");
    assertThat(github.requests).isEmpty();
  }

  private BuilderSettings with(String key, String value) {
    Map<String, String> values = Builds.values(github);
    values.put(key, value);
    return Builds.settings(values, FakeGitHub.TOKEN);
  }

  private BuildException failure(BuilderSettings settings) {
    BuildException e =
        catchThrowableOfType(
            BuildException.class, () -> Builds.run(Builds.request(settings), context));
    assertThat(e).as("the build fails with a BuildException").isNotNull();
    return e;
  }

  /** The token is in no log line, no notice, and no message of the exception or its causes. */
  private void assertNoSecret(Throwable failure, String token) {
    assertThat(context.everything()).noneMatch(line -> line.contains(token));
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(token);
      assertThat(t.toString()).doesNotContain(token);
    }
  }
}

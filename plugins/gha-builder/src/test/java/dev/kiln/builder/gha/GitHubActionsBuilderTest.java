package dev.kiln.builder.gha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.Source;
import dev.kiln.plugin.testkit.Await;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds run through the builder against a fake GitHub: dispatch, follow, logs, artifacts, cancel.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GitHubActionsBuilderTest {

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
  void successfulRunStoresItsLogsAndArtifacts() throws Exception {
    github.lifecycle =
        List.of(
            FakeRun.State.queued(), FakeRun.State.inProgress(), FakeRun.State.completed("success"));
    github.artifacts =
        Map.of(
            "wheels",
            Map.of("kiln-1.0-py3-none-any.whl", "wheel bytes", "docs/README.txt", "read me"));
    BuildRequest request = Builds.request(Builds.settings(github));

    BuildResult result = Builds.run(request, context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.lines()).containsExactly("hello from the runner", "build ok");
    assertThat(context.stored())
        .containsOnlyKeys("wheels/kiln-1.0-py3-none-any.whl", "wheels/docs/README.txt");
    TestBuildContext.Stored wheel = context.stored().get("wheels/kiln-1.0-py3-none-any.whl");
    assertThat(wheel.text()).isEqualTo("wheel bytes");
    assertThat(wheel.size()).isEqualTo(wheel.bytes().length);
    assertThat(context.notices())
        .anyMatch(n -> n.contains("is queued"))
        .anyMatch(n -> n.contains("is in progress"))
        .anyMatch(n -> n.contains("is completed: success"))
        .anyMatch(n -> n.equals("Job build, step Run build: in progress."))
        .anyMatch(n -> n.equals("Job build, step Run build: success."));
    FakeRun run = github.runs.getFirst();
    assertThat(run.inputs)
        .containsEntry("kiln_build_id", request.buildId())
        .hasEntrySatisfying("kiln_run_key", key -> assertThat(run.title).contains(key));
    assertThat(github.requests("GET", "/_storage/.*"))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.authorization()).as("the token stays with the API").isNull());
    assertThat(github.requests("GET", ".*/actions/workflows/.*/runs"))
        .as("run details made listing needless")
        .isEmpty();
  }

  @Test
  void failedRunEndsWithANonZeroExitCodeAndStillShowsItsLog() throws Exception {
    github.lifecycle = List.of(FakeRun.State.inProgress(), FakeRun.State.completed("failure"));
    github.jobLog = Map.of("build", "compiling\nerror: tests failed\n");

    BuildResult result = Builds.run(Builds.request(Builds.settings(github)), context);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(context.lines()).containsExactly("compiling", "error: tests failed");
  }

  @Test
  void timedOutRunEndsWithTheTimeoutCode() throws Exception {
    github.lifecycle = List.of(FakeRun.State.completed("timed_out"));

    BuildResult result = Builds.run(Builds.request(Builds.settings(github)), context);

    assertThat(result.exitCode()).isEqualTo(124);
  }

  @Test
  void runIsFoundByListingWhenTheDispatchReturnsNoContent() throws Exception {
    github.dispatch = FakeGitHub.Dispatch.NO_CONTENT;
    github.pageSize = 2;
    github.othersDispatchedAlongside = 3;

    BuildResult result = Builds.run(Builds.request(Builds.settings(github)), context);

    assertThat(result.exitCode()).isZero();
    List<FakeGitHub.Request> listings =
        github.requests("GET", ".*/actions/workflows/kiln.yml/runs");
    assertThat(listings).as("our run was on the second page").hasSize(2);
    assertThat(listings.getFirst().query())
        .contains("event=workflow_dispatch")
        .contains("created=%3E%3D");
    assertThat(listings.get(1).query()).contains("page=2");
    FakeRun ours = github.runs.getFirst();
    assertThat(github.requests("GET", ".*/actions/runs/" + ours.id)).isNotEmpty();
    assertThat(context.lines()).contains("build ok");
  }

  @Test
  void enterpriseServerWithoutRunDetailsIsDispatchedAgainWithoutThemAndTheRunFoundLater()
      throws Exception {
    github.dispatch = FakeGitHub.Dispatch.RUN_DETAILS_UNKNOWN;
    github.hiddenFromListings = 1;

    BuildResult result = Builds.run(Builds.request(Builds.settings(github)), context);

    assertThat(result.exitCode()).isZero();
    assertThat(github.requests("POST", ".*/dispatches")).hasSize(2);
    assertThat(github.runs).hasSize(1);
    assertThat(github.requests("GET", ".*/actions/workflows/kiln.yml/runs"))
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void cancelAsksGitHubToCancelTheRunAndReturnsPromptly() throws Exception {
    github.lifecycle = List.of(FakeRun.State.queued(), FakeRun.State.inProgress());
    Map<String, String> values = Builds.values(github);
    values.put(GhaSettings.POLL_SECONDS, "30");
    Future<BuildResult> run =
        Builds.start(Builds.request(Builds.settings(values, FakeGitHub.TOKEN)), context);
    Await.await(
        Duration.ofSeconds(20),
        () -> context.notices().stream().anyMatch(n -> n.contains("is queued")));

    long before = System.nanoTime();
    context.cancel();
    BuildResult result = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> run.get());

    assertThat(Duration.ofNanos(System.nanoTime() - before))
        .as("no poll interval sat out")
        .isLessThan(Duration.ofSeconds(5));
    assertThat(result.exitCode()).isEqualTo(130);
    FakeRun cancelled = github.runs.getFirst();
    assertThat(github.requests("POST", ".*/actions/runs/" + cancelled.id + "/cancel")).hasSize(1);
    assertThat(cancelled.wasCancelled()).isTrue();
    assertThat(context.notices())
        .anyMatch(n -> n.contains("Asked GitHub to cancel run " + cancelled.id));
  }

  @Test
  void artifactPatternsKeepOnlyMatchingFiles() throws Exception {
    Map<String, Map<String, String>> artifacts = new LinkedHashMap<>();
    artifacts.put("wheels", Map.of("kiln-1.0.whl", "w", "kiln-1.0.tar.gz", "s"));
    artifacts.put("reports", Map.of("junit/result.xml", "<xml/>", "coverage.txt", "90%"));
    github.artifacts = artifacts;

    Builds.run(
        Builds.request(
            Builds.settings(github), List.of("*.whl", "reports/**/*.xml"), Duration.ofMinutes(5)),
        context);

    assertThat(context.stored())
        .containsOnlyKeys("wheels/kiln-1.0.whl", "reports/junit/result.xml");
    assertThat(context.notices()).contains("Stored 2 file(s) from 2 artifact(s).");
  }

  @Test
  void artifactPatternsOverKilnsLimitsAreRefusedBeforeTheDispatch() {
    BuildRequest request =
        Builds.request(
            Builds.settings(github), List.of("*.whl", "*a".repeat(17)), Duration.ofMinutes(5));

    assertThatThrownBy(() -> Builds.run(request, context))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("17 wildcards")
        .hasMessageContaining("at most 16");
    assertThat(github.requests("POST", ".*")).as("nothing dispatched").isEmpty();
  }

  @Test
  void storingStopsWhenTheBuildIsStoppedMeanwhile() throws Exception {
    github.artifacts = Map.of("reports", Map.of("a.txt", "a", "b.txt", "b", "c.txt", "c"));
    context.afterEachArtifact(context::cancel);

    Builds.run(
        Builds.request(Builds.settings(github), List.of("**"), Duration.ofMinutes(5)), context);

    assertThat(context.stored()).hasSize(1);
    assertThat(context.notices()).contains("Stopped storing artifacts: the build was stopped.");
  }

  @Test
  void extraInputsAndTheProjectsRefGoWithTheDispatch() throws Exception {
    Map<String, String> values = Builds.values(github);
    values.put(GhaSettings.INPUTS, "python=3.13\n# a comment\n\nchannel = beta=2\n");
    values.put(GhaSettings.REF_OVERRIDE, "release");

    Builds.run(Builds.request(Builds.settings(values, FakeGitHub.TOKEN)), context);

    assertThat(github.runs.getFirst().inputs)
        .containsEntry("python", "3.13")
        .containsEntry("channel", "beta=2");
    assertThat(context.notices()).anyMatch(n -> n.contains("kiln.yml on release in org/wheels"));
  }

  @Test
  void aBuildOfACommitSendsItsRefAndShaAsInputsAndOtherBuildsDoNot() throws Exception {
    String sha = "0123456789abcdef0123456789abcdef01234567";
    var request =
        Builds.request(Builds.settings(github))
            .withSource(new Source("https://github.com/org/wheels.git", "refs/tags/v1.2", sha));
    Builds.run(request, context);
    assertThat(github.runs.getFirst().inputs)
        .containsEntry("kiln_git_ref", "refs/tags/v1.2")
        .containsEntry("kiln_git_commit", sha);

    Builds.run(
        Builds.request(Builds.settings(github)),
        new TestBuildContext(Files.createDirectories(workDirectory.resolve("second"))));
    assertThat(github.runs.getLast().inputs)
        .as("a workflow that declares no such inputs keeps working")
        .doesNotContainKeys("kiln_git_ref", "kiln_git_commit");
  }

  @Test
  void declaredParametersGoAsInputsByteForByteButNeitherSecretsNorKilnsVariablesDo()
      throws Exception {
    Map<String, String> values = Builds.values(github);
    values.put(GhaSettings.INPUTS, "python=3.13\nrelease=fixed\n");
    String hostile = "$(id) `id` ${{ secrets.TOKEN }} '\"\n%q\u0001";
    Map<String, String> parameters = Map.of("RELEASE", "1.2.3", "NOTE", hostile);
    Map<String, String> environment = new HashMap<>(parameters);
    environment.put("DEPLOY_TOKEN", "s3cr3t-token");
    environment.put("WEBHOOK_REF", "refs/heads/main");
    var request =
        new BuildRequest(
            "77",
            "wheels",
            "",
            List.of(),
            environment,
            Duration.ofMinutes(5),
            Builds.settings(values, FakeGitHub.TOKEN),
            parameters);

    Builds.run(request, context);

    assertThat(github.runs.getFirst().inputs)
        .containsEntry("python", "3.13")
        .containsEntry("RELEASE", "1.2.3")
        .containsEntry("NOTE", hostile)
        .doesNotContainKeys("release", "DEPLOY_TOKEN", "WEBHOOK_REF")
        .containsEntry("kiln_build_id", "77");
  }

  @Test
  void aParameterNamedLikeAToolsVariableIsRefusedBeforeTheDispatch() {
    Map<String, String> parameters = Map.of("GIT_SSH_COMMAND", "touch pwned");
    var request =
        new BuildRequest(
            "78",
            "wheels",
            "",
            List.of(),
            parameters,
            Duration.ofMinutes(5),
            Builds.settings(github),
            parameters);

    assertThatThrownBy(() -> Builds.run(request, context))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("GIT_SSH_COMMAND is reserved");
    assertThat(github.requests("POST", ".*/dispatches")).isEmpty();
  }

  @Test
  void describesItselfAsAvailableWithInstanceAndProjectSettings() {
    BuilderDescriptor descriptor = new GitHubActionsBuilder().describe();

    assertThat(descriptor.id()).isEqualTo("github-actions");
    assertThat(descriptor.isAvailable()).isTrue();
    assertThat(descriptor.settings())
        .filteredOn(f -> f.scope() == SettingField.Scope.INSTANCE)
        .extracting(SettingField::key)
        .containsExactly(
            "api-url",
            "repository",
            "token",
            "workflow",
            "ref",
            "poll-seconds",
            "start-within-seconds");
    assertThat(descriptor.settings())
        .filteredOn(f -> f.scope() == SettingField.Scope.PROJECT)
        .extracting(SettingField::key)
        .containsExactly("ref-override", "inputs");
    assertThat(descriptor.settings())
        .filteredOn(f -> f.key().equals("token"))
        .singleElement()
        .extracting(SettingField::type)
        .isEqualTo(SettingField.FieldType.SECRET_REF);
  }
}

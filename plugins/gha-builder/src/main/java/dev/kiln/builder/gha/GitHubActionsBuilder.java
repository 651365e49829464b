package dev.kiln.builder.gha;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.Builder;
import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.EnvironmentPolicy;
import dev.kiln.plugin.api.Health;
import dev.kiln.plugin.api.LogSink;
import dev.kiln.plugin.api.SettingProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.pf4j.Extension;

/**
 * Runs a build as a GitHub Actions workflow run: dispatches the instance's workflow through
 * GitHub's REST API, follows the run until it completes, then copies its logs into the build log
 * and its artifacts into Kiln. The workflow defines what runs; the project's script is not sent.
 */
@Extension
public class GitHubActionsBuilder implements Builder {

  @Override
  public BuilderDescriptor describe() {
    return BuilderDescriptor.available(
        "github-actions",
        "GitHub Actions",
        "Dispatches a GitHub Actions workflow in a repository the instance names, follows the run, and"
            + " collects its logs and artifacts. Builds run on GitHub's runners and reach what they reach.",
        GhaSettings.fields());
  }

  @Override
  public List<SettingProblem> validate(BuilderSettings settings) {
    return GhaSettings.problems(settings);
  }

  @Override
  public Health check(BuilderSettings settings) {
    List<SettingProblem> problems = GhaSettings.problems(settings);
    if (!problems.isEmpty()) {
      return Health.down(
          "Setting " + problems.getFirst().key() + ": " + problems.getFirst().message());
    }
    GhaSettings gha = GhaSettings.of(settings);
    if (gha.repository().isEmpty()) {
      return Health.down("Set the Repository (owner/name) whose workflow runs the builds.");
    }
    try (GitHubApi api = GitHubApi.open(gha, Pacing.never(Clock.systemUTC()))) {
      GitHubApi.Answer answer = api.get(gha.workflowPath());
      String state = answer.body().path("state").asText("unknown");
      String where =
          "Workflow "
              + gha.workflow()
              + " ("
              + state.replace('_', ' ')
              + ") in "
              + gha.repository()
              + "; "
              + answer.limit().describe();
      return "active".equals(state)
          ? Health.up(where)
          : Health.down(where + ". Enable the workflow in the repository's Actions tab.");
    } catch (BuildException e) {
      return Health.down(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down("The check was interrupted.");
    }
  }

  @Override
  public List<String> reapOrphans(BuilderSettings settings, Predicate<String> isLive) {
    if (!GhaSettings.problems(settings).isEmpty()) {
      return List.of();
    }
    GhaSettings gha = GhaSettings.of(settings);
    try (GitHubApi api = GitHubApi.open(gha, Pacing.never(Clock.systemUTC()))) {
      return new OrphanReaper(api, gha).reap(isLive);
    } catch (BuildException e) {
      return List.of(
          "Could not look for orphaned runs in " + gha.repository() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  @Override
  public BuildResult run(BuildRequest request, BuildContext context)
      throws BuildException, InterruptedException {
    List<SettingProblem> problems = GhaSettings.problems(request.settings());
    if (!problems.isEmpty()) {
      throw new BuildException(
          "Setting " + problems.getFirst().key() + ": " + problems.getFirst().message());
    }
    GhaSettings settings = GhaSettings.of(request.settings());
    if (settings.repository().isEmpty()) {
      throw new BuildException(
          "The builder instance names no repository: set its Repository (owner/name).");
    }
    // The script and the environment stay in Kiln; the declared parameters become workflow inputs,
    // under the same rule as everywhere (a workflow may well copy its inputs into env:).
    EnvironmentPolicy.check(request);
    RunArtifacts artifacts = RunArtifacts.forPatterns(request.artifactPatterns());
    LogSink log = context.log();
    Clock clock = context.clock();
    Pause pause = Pause.until(context.cancellation());
    Instant deadline = clock.instant().plus(request.timeout());
    try (GitHubApi api = GitHubApi.open(settings, Pacing.forBuild(pause, log, clock, deadline))) {
      Optional<RunStarter.Started> started = Optional.empty();
      Optional<JsonNode> run = Optional.empty();
      try {
        started =
            new RunStarter(api, settings, pause, log, clock)
                .start(request.buildId(), request.parameters(), request.source());
        if (started.isEmpty()) {
          log.notice("Cancelled before the workflow run was found.");
          return BuildResult.exited(Conclusions.CANCELLED);
        }
        long id = started.get().id();
        log.notice("Following run " + id + ": " + started.get().htmlUrl());
        run = new RunWatcher(api, settings, pause, log).follow(id);
        if (run.isEmpty()) {
          return cancel(api, settings, id, log);
        }
        RunLogs.copy(api, settings, id, context.workDirectory(), pause, log);
        artifacts.store(api, settings, id, context);
        return BuildResult.exited(Conclusions.exitCode(run.get().path("conclusion").asText(null)));
      } catch (BuildException e) {
        // A run Kiln stops following must not go on using a runner: ask GitHub to stop it.
        if (started.isPresent() && run.isEmpty()) {
          cancel(api, settings, started.get().id(), log);
        }
        if (pause.isCancelled()) {
          return BuildResult.exited(Conclusions.CANCELLED);
        }
        throw e;
      }
    }
  }

  /** Asks GitHub to cancel the run and returns without waiting for it to stop. */
  private static BuildResult cancel(GitHubApi api, GhaSettings settings, long id, LogSink log)
      throws InterruptedException {
    try {
      api.post(settings.repoPath() + "/actions/runs/" + id + "/cancel", null);
      log.notice("Asked GitHub to cancel run " + id + ".");
    } catch (BuildException e) {
      log.notice("Could not cancel run " + id + " on GitHub: " + e.getMessage());
    }
    return BuildResult.exited(Conclusions.CANCELLED);
  }
}

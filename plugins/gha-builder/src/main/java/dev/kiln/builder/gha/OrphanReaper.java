package dev.kiln.builder.gha;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.plugin.api.BuildException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Cancels the workflow's unfinished runs that belong to Kiln builds no longer live: the build's
 * node died while following the run, or cancelling failed. The run key in a run's title tells which
 * build it belongs to; runs without one are not Kiln's and are left alone.
 */
final class OrphanReaper {

  /** The run states that still hold or wait for a runner. */
  private static final List<String> UNFINISHED = List.of("queued", "waiting", "in_progress");

  private final GitHubApi api;
  private final GhaSettings settings;

  OrphanReaper(GitHubApi api, GhaSettings settings) {
    this.api = api;
    this.settings = settings;
  }

  /** Cancels each orphaned run; returns a line per run cancelled. */
  List<String> reap(Predicate<String> isLive) throws BuildException, InterruptedException {
    List<String> cancelled = new ArrayList<>();
    for (String status : UNFINISHED) {
      String path =
          settings.workflowPath()
              + "/runs?event=workflow_dispatch&status="
              + status
              + "&per_page="
              + Pages.PER_PAGE;
      for (JsonNode run : Pages.all(api, path, "workflow_runs")) {
        Optional<String> buildId = RunKey.buildIdIn(run.path("display_title").asText(""));
        // Asked only now, so a build that started during the listing counts as live.
        if (buildId.isPresent() && !isLive.test(buildId.get())) {
          long id = run.path("id").asLong();
          api.post(settings.repoPath() + "/actions/runs/" + id + "/cancel", null);
          cancelled.add(
              "Cancelled GitHub Actions run "
                  + id
                  + " of build "
                  + buildId.get()
                  + " in "
                  + settings.repository()
                  + ": the build is no longer live.");
        }
      }
    }
    return cancelled;
  }
}

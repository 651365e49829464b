package dev.kiln.builder.gha;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.LogSink;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Follows a run by polling it until it completes, telling the log when the run or one of its jobs'
 * steps changes state.
 */
final class RunWatcher {

  private final GitHubApi api;
  private final GhaSettings settings;
  private final Pause pause;
  private final LogSink log;

  /** The last state told for each job and step, so each change is told once. */
  private final Map<String, String> told = new HashMap<>();

  RunWatcher(GitHubApi api, GhaSettings settings, Pause pause, LogSink log) {
    this.api = api;
    this.settings = settings;
    this.pause = pause;
    this.log = log;
  }

  /**
   * Polls run {@code id} until it completes; returns the completed run, or empty when cancelled.
   */
  Optional<JsonNode> follow(long id) throws BuildException, InterruptedException {
    String path = settings.repoPath() + "/actions/runs/" + id;
    while (true) {
      JsonNode run = api.get(path).body();
      String status = run.path("status").asText("unknown");
      if (tell("run", status)) {
        log.notice(
            "Run "
                + id
                + " is "
                + status.replace('_', ' ')
                + ("completed".equals(status)
                    ? ": " + run.path("conclusion").asText("no conclusion")
                    : "")
                + ".");
      }
      if (!"queued".equals(status)) {
        reportSteps(path);
      }
      if ("completed".equals(status)) {
        return Optional.of(run);
      }
      if (!pause.sleep(settings.pollInterval())) {
        return Optional.empty();
      }
    }
  }

  private void reportSteps(String runPath) throws BuildException, InterruptedException {
    for (JsonNode job : Pages.all(api, runPath + "/jobs?per_page=" + Pages.PER_PAGE, "jobs")) {
      String name = job.path("name").asText("job");
      String id = job.path("id").asText(name);
      if (tell("job " + id, state(job))) {
        log.notice("Job " + name + ": " + state(job) + ".");
      }
      for (JsonNode step : job.path("steps")) {
        if (tell("step " + id + "/" + step.path("number").asText(), state(step))) {
          log.notice(
              "Job " + name + ", step " + step.path("name").asText("?") + ": " + state(step) + ".");
        }
      }
    }
  }

  /** "in progress", or the conclusion once completed. */
  private static String state(JsonNode item) {
    String status = item.path("status").asText("unknown");
    return "completed".equals(status)
        ? item.path("conclusion").asText("completed")
        : status.replace('_', ' ');
  }

  private boolean tell(String what, String state) {
    return !Objects.equals(told.put(what, state), state);
  }
}

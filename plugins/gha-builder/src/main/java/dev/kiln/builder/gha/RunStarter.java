package dev.kiln.builder.gha;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.LogSink;
import dev.kiln.plugin.api.Source;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Dispatches the workflow and finds the run it started: from the dispatch's answer where GitHub
 * returns run details, else by listing recent dispatched runs for the one whose title holds the
 * dispatch's unique key.
 */
final class RunStarter {

  /** A run Kiln started: its id and its page on GitHub. */
  record Started(long id, String htmlUrl) {}

  /** Kiln's and GitHub's clocks may differ; runs are listed from this long before the dispatch. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

  private static final String RUN_DETAILS = "return_run_details";

  private final GitHubApi api;
  private final GhaSettings settings;
  private final Pause pause;
  private final LogSink log;
  private final Clock clock;

  RunStarter(GitHubApi api, GhaSettings settings, Pause pause, LogSink log, Clock clock) {
    this.api = api;
    this.settings = settings;
    this.pause = pause;
    this.log = log;
    this.clock = clock;
  }

  /**
   * Dispatches a run for {@code buildId} and returns it; empty when the build was cancelled before
   * the run could be found.
   *
   * @param parameters the build's declared parameters, sent as inputs of the same names: a value
   *     given for the build replaces the project's extra input of that name (GitHub compares input
   *     names ignoring case); Kiln's own inputs are set last
   * @param source the commit the build builds, or {@code null}: its ref and SHA go as the inputs
   *     {@code kiln_git_ref} and {@code kiln_git_commit}, which the workflow checks out (GitHub
   *     refuses inputs a workflow does not declare, so they are sent only for such builds)
   * @throws BuildException when GitHub refuses the dispatch or the run does not show up in time
   */
  Optional<Started> start(String buildId, Map<String, String> parameters, Source source)
      throws BuildException, InterruptedException {
    String key = RunKey.create(buildId);
    Instant since = clock.instant().minus(CLOCK_SKEW).truncatedTo(ChronoUnit.SECONDS);
    Map<String, String> inputs = new LinkedHashMap<>(settings.inputs());
    parameters.forEach(
        (name, value) -> {
          inputs.keySet().removeIf(input -> input.equalsIgnoreCase(name));
          inputs.put(name, value);
        });
    inputs.put(RunKey.BUILD_ID_INPUT, buildId);
    inputs.put(RunKey.RUN_KEY_INPUT, key);
    if (source != null) {
      inputs.put(RunKey.GIT_REF_INPUT, source.ref() == null ? "" : source.ref());
      inputs.put(RunKey.GIT_COMMIT_INPUT, source.commit());
    }
    GitHubApi.Answer answer = dispatch(inputs);
    log.notice(
        "Dispatched "
            + settings.workflow()
            + " on "
            + settings.ref()
            + " in "
            + settings.repository()
            + " with run key "
            + key
            + ".");
    JsonNode details = answer.body();
    if (answer.status() == 200 && details.path("workflow_run_id").canConvertToLong()) {
      return Optional.of(
          new Started(
              details.get("workflow_run_id").asLong(), details.path("html_url").asText("")));
    }
    return locate(key, since);
  }

  private GitHubApi.Answer dispatch(Map<String, String> inputs)
      throws BuildException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ref", settings.ref());
    body.put("inputs", inputs);
    body.put(RUN_DETAILS, true);
    String path = settings.workflowPath() + "/dispatches";
    try {
      return api.post(path, body);
    } catch (ApiFailure e) {
      // GitHub Enterprise Server before the run-details API rejects the unknown parameter.
      if ((e.status() == 400 || e.status() == 422) && e.getMessage().contains(RUN_DETAILS)) {
        body.remove(RUN_DETAILS);
        return api.post(path, body);
      }
      throw e;
    }
  }

  private Optional<Started> locate(String key, Instant since)
      throws BuildException, InterruptedException {
    Instant giveUp = clock.instant().plus(settings.startWithin());
    String path =
        settings.workflowPath()
            + "/runs?event=workflow_dispatch&per_page="
            + Pages.PER_PAGE
            + "&created="
            + URLEncoder.encode(">=" + since, StandardCharsets.UTF_8);
    while (true) {
      Optional<Started> run = find(path, key);
      Duration left = Duration.between(clock.instant(), giveUp);
      if (run.isPresent()) {
        return run;
      }
      if (left.isNegative() || left.isZero()) {
        throw new BuildException(
            "The workflow run did not start within "
                + settings.startWithin().toSeconds()
                + " s; check that "
                + settings.workflow()
                + " sets run-name with inputs."
                + RunKey.RUN_KEY_INPUT
                + " (see the GitHub Actions builder's guide).");
      }
      if (!pause.sleep(
          left.compareTo(settings.pollInterval()) < 0 ? left : settings.pollInterval())) {
        // Cancelled: one last look, so that a run which did start can still be cancelled.
        return find(path, key);
      }
    }
  }

  private Optional<Started> find(String path, String key)
      throws BuildException, InterruptedException {
    return Pages.find(
            api,
            path,
            "workflow_runs",
            run ->
                (run.path("display_title").asText("") + " " + run.path("name").asText(""))
                    .contains(key))
        .map(run -> new Started(run.path("id").asLong(), run.path("html_url").asText("")));
  }
}

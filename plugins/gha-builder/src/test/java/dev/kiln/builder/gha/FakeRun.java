package dev.kiln.builder.gha;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One workflow run on {@link FakeGitHub}, with a scripted lifecycle: each GET of the run shows the
 * next state of {@code lifecycle}, and the last state holds. A cancel ends it as cancelled.
 */
final class FakeRun {

  /** A state the run shows: {@code status} and, once completed, {@code conclusion}. */
  record State(String status, String conclusion) {
    static State queued() {
      return new State("queued", null);
    }

    static State inProgress() {
      return new State("in_progress", null);
    }

    static State completed(String conclusion) {
      return new State("completed", conclusion);
    }
  }

  final long id;
  final String workflow;
  final String title;
  final Instant created;
  final Map<String, String> inputs;
  private final List<State> lifecycle;
  private int polls;
  private State cancelled;
  private State shown;

  FakeRun(
      long id,
      String workflow,
      String title,
      Instant created,
      Map<String, String> inputs,
      List<State> lifecycle) {
    this.id = id;
    this.workflow = workflow;
    this.title = title;
    this.created = created;
    this.inputs = Map.copyOf(inputs);
    this.lifecycle = List.copyOf(lifecycle);
  }

  /** The state a listing shows, without advancing the lifecycle. */
  synchronized State state() {
    return cancelled != null ? cancelled : lifecycle.get(Math.min(polls, lifecycle.size() - 1));
  }

  /** The state a GET of the run shows; the next GET shows the next one. */
  synchronized State poll() {
    State state = state();
    shown = state;
    polls++;
    return state;
  }

  /** The state the last GET of the run showed: its jobs agree with it. */
  synchronized State shown() {
    return cancelled != null ? cancelled : shown == null ? state() : shown;
  }

  /** Cancels the run; false when it had completed already. */
  synchronized boolean cancel() {
    if ("completed".equals(state().status())) {
      return false;
    }
    cancelled = State.completed("cancelled");
    return true;
  }

  synchronized boolean wasCancelled() {
    return cancelled != null;
  }

  /** The run in the REST API's workflow-run shape. */
  ObjectNode json(FakeGitHub github, State state) {
    ObjectNode run =
        GitHubApi.JSON
            .createObjectNode()
            .put("id", id)
            .put("name", "Kiln")
            .put("display_title", title)
            .put("node_id", "WFR_" + id)
            .put("head_branch", "main")
            .put("path", ".github/workflows/" + workflow)
            .put("run_number", id % 1000)
            .put("run_attempt", 1)
            .put("event", "workflow_dispatch")
            .put("status", state.status())
            .put("conclusion", state.conclusion())
            .put("workflow_id", 161335)
            .put("url", github.url() + "/repos/" + FakeGitHub.REPO + "/actions/runs/" + id)
            .put("html_url", "https://github.com/" + FakeGitHub.REPO + "/actions/runs/" + id)
            .put("created_at", created.toString())
            .put("updated_at", created.toString());
    return run;
  }

  /** The run's one job, {@code build}, with steps that follow the run's state. */
  ObjectNode jobs(State state) {
    boolean done = "completed".equals(state.status());
    ObjectNode job =
        GitHubApi.JSON
            .createObjectNode()
            .put("id", id * 10)
            .put("run_id", id)
            .put("name", "build")
            .put("status", state.status())
            .put("conclusion", state.conclusion());
    ArrayNode steps = job.putArray("steps");
    if (!"queued".equals(state.status())) {
      steps
          .addObject()
          .put("name", "Set up job")
          .put("number", 1)
          .put("status", "completed")
          .put("conclusion", "success");
      steps
          .addObject()
          .put("name", "Run build")
          .put("number", 2)
          .put("status", done ? "completed" : "in_progress")
          .put("conclusion", done ? state.conclusion() : null);
    }
    ObjectNode page = GitHubApi.JSON.createObjectNode().put("total_count", 1);
    page.putArray("jobs").add(job);
    return page;
  }
}

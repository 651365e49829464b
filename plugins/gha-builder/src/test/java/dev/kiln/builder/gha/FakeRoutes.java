package dev.kiln.builder.gha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** The endpoints of {@link FakeGitHub}, one method each, as GitHub documents them. */
final class FakeRoutes {

  private static final String REPO = "/repos/" + FakeGitHub.REPO;
  private static final String WORKFLOWS = REPO + "/actions/workflows/([^/]+)";
  private static final String RUN = REPO + "/actions/runs/(\\d+)";

  private final FakeGitHub github;

  FakeRoutes(FakeGitHub github) {
    this.github = github;
  }

  void api(HttpExchange exchange, String path, Map<String, String> query, boolean readOnly)
      throws IOException {
    String method = exchange.getRequestMethod();
    Matcher m;
    if ((m = FakeGitHub.match(WORKFLOWS, path)) != null
        && method.equals("GET")
        && known(m.group(1))) {
      FakeGitHub.reply(exchange, 200, workflow(m.group(1)));
    } else if ((m = FakeGitHub.match(WORKFLOWS + "/dispatches", path)) != null
        && method.equals("POST")
        && known(m.group(1))) {
      dispatch(exchange, m.group(1), GitHubApi.JSON.readTree(exchange.getRequestBody()), readOnly);
    } else if ((m = FakeGitHub.match(WORKFLOWS + "/runs", path)) != null
        && method.equals("GET")
        && known(m.group(1))) {
      listRuns(exchange, m.group(1), query);
    } else if ((m = FakeGitHub.match(RUN + "(/jobs|/logs|/artifacts|/cancel)?", path)) != null
        && run(m) != null) {
      runPart(exchange, run(m), m.group(2) == null ? "" : m.group(2), method, query, readOnly);
    } else if ((m = FakeGitHub.match(REPO + "/actions/artifacts/(\\d+)/zip", path)) != null) {
      redirect(exchange, "/_storage/artifacts/" + m.group(1) + "?sig=signed");
    } else {
      FakeGitHub.reply(exchange, 404, FakeGitHub.error("Not Found"));
    }
  }

  private void runPart(
      HttpExchange exchange,
      FakeRun run,
      String part,
      String method,
      Map<String, String> query,
      boolean readOnly)
      throws IOException {
    switch (method + " " + part) {
      case "GET " -> {
        if (github.runReadsFail) {
          FakeGitHub.reply(exchange, 502, FakeGitHub.error("Server Error"));
        } else {
          FakeGitHub.reply(exchange, 200, run.json(github, run.poll()));
        }
      }
      case "GET /jobs" -> FakeGitHub.reply(exchange, 200, run.jobs(run.shown()));
      case "GET /logs" -> redirect(exchange, "/_storage/logs/" + run.id + "?sig=signed");
      case "GET /artifacts" -> github.page(exchange, artifacts(run), "artifacts", query);
      case "POST /cancel" -> {
        if (readOnly) {
          FakeGitHub.reply(
              exchange, 403, FakeGitHub.error("Resource not accessible by personal access token"));
        } else if (run.cancel()) {
          FakeGitHub.reply(exchange, 202, GitHubApi.JSON.createObjectNode());
        } else {
          FakeGitHub.reply(
              exchange, 409, FakeGitHub.error("Cannot cancel a workflow run that is completed."));
        }
      }
      default -> FakeGitHub.reply(exchange, 404, FakeGitHub.error("Not Found"));
    }
  }

  private void dispatch(HttpExchange exchange, String workflow, JsonNode body, boolean readOnly)
      throws IOException {
    if (readOnly) {
      FakeGitHub.reply(
          exchange, 403, FakeGitHub.error("Resource not accessible by personal access token"));
      return;
    }
    if (workflow.equals(FakeGitHub.NO_DISPATCH_WORKFLOW)) {
      FakeGitHub.reply(
          exchange, 422, FakeGitHub.error("Workflow does not have 'workflow_dispatch' trigger"));
      return;
    }
    if (!List.of("main", "release").contains(body.path("ref").asText())) {
      FakeGitHub.reply(
          exchange, 422, FakeGitHub.error("No ref found for: " + body.path("ref").asText()));
      return;
    }
    List<String> unexpected = new ArrayList<>();
    body.path("inputs")
        .fieldNames()
        .forEachRemaining(
            n -> {
              if (!FakeGitHub.DECLARED_INPUTS.contains(n)) {
                unexpected.add("\"" + n + "\"");
              }
            });
    if (!unexpected.isEmpty()) {
      FakeGitHub.reply(
          exchange, 422, FakeGitHub.error("Unexpected inputs provided: " + unexpected));
      return;
    }
    boolean details = body.path("return_run_details").asBoolean(false);
    if (details && github.dispatch == FakeGitHub.Dispatch.RUN_DETAILS_UNKNOWN) {
      FakeGitHub.reply(
          exchange,
          422,
          FakeGitHub.error("Invalid request.\n\n\"return_run_details\" is not a permitted key."));
      return;
    }
    Map<String, String> inputs = new LinkedHashMap<>();
    body.path("inputs").properties().forEach(e -> inputs.put(e.getKey(), e.getValue().asText()));
    // The documented workflow's run-name; without it GitHub titles the run with the workflow's
    // name.
    String title =
        github.runNameHasKey
            ? "Kiln build " + inputs.get("kiln_build_id") + " [" + inputs.get("kiln_run_key") + "]"
            : "Kiln";
    FakeRun run = github.newRun(workflow, title, inputs);
    for (int i = 0; i < github.othersDispatchedAlongside; i++) {
      github.addRun("Nightly " + i, FakeRun.State.queued(), Instant.now().plusSeconds(i + 1));
    }
    if (details && github.dispatch == FakeGitHub.Dispatch.RUN_DETAILS) {
      ObjectNode reply =
          GitHubApi.JSON
              .createObjectNode()
              .put("workflow_run_id", run.id)
              .put("run_url", github.url() + REPO + "/actions/runs/" + run.id)
              .put("html_url", "https://github.com/" + FakeGitHub.REPO + "/actions/runs/" + run.id);
      FakeGitHub.reply(exchange, 200, reply);
    } else {
      FakeGitHub.reply(exchange, 204, null);
    }
  }

  private void listRuns(HttpExchange exchange, String workflow, Map<String, String> query)
      throws IOException {
    github.countListing();
    Instant since =
        query.containsKey("created")
            ? Instant.parse(query.get("created").replaceFirst("^>=", ""))
            : Instant.EPOCH;
    List<FakeRun> matching;
    synchronized (github.runs) {
      matching =
          github.runs.stream()
              .filter(r -> r.workflow.equals(workflow) && !r.created.isBefore(since))
              .filter(
                  r ->
                      !query.containsKey("status")
                          || r.state().status().equals(query.get("status")))
              .filter(r -> github.listsNewRuns() || !r.inputs.containsKey("kiln_run_key"))
              .sorted(
                  Comparator.comparing((FakeRun r) -> r.created)
                      .thenComparingLong(r -> r.id)
                      .reversed())
              .toList();
    }
    github.page(
        exchange,
        matching.stream().map(r -> r.json(github, r.state())).toList(),
        "workflow_runs",
        query);
  }

  private List<ObjectNode> artifacts(FakeRun run) {
    List<ObjectNode> list = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, Map<String, String>> artifact : github.artifacts.entrySet()) {
      long id = run.id * 100 + i++;
      list.add(
          GitHubApi.JSON
              .createObjectNode()
              .put("id", id)
              .put("name", artifact.getKey())
              .put("size_in_bytes", Zips.of(artifact.getValue()).length)
              .put(
                  "archive_download_url", github.url() + REPO + "/actions/artifacts/" + id + "/zip")
              .put("expired", false));
    }
    return list;
  }

  /** Serves a redirected download: a log zip per job with step files, or an artifact's zip. */
  void storage(HttpExchange exchange, String path) throws IOException {
    Matcher m;
    byte[] zip = null;
    if ((m = FakeGitHub.match("/_storage/logs/(\\d+)", path)) != null) {
      Map<String, String> entries = new LinkedHashMap<>();
      int job = 0;
      for (Map.Entry<String, String> log : github.jobLog.entrySet()) {
        entries.put(job++ + "_" + log.getKey() + ".txt", "\uFEFF" + log.getValue());
        // GitHub also puts each step's part of the job log in a folder; it repeats the job file.
        entries.put(log.getKey() + "/1_Set up job.txt", log.getValue());
      }
      zip = Zips.of(entries);
    } else if ((m = FakeGitHub.match("/_storage/artifacts/(\\d+)", path)) != null) {
      int index = (int) (Long.parseLong(m.group(1)) % 100);
      zip = github.artifacts.values().stream().skip(index).findFirst().map(Zips::of).orElse(null);
    }
    if (zip == null) {
      FakeGitHub.reply(exchange, 404, null);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/zip");
    exchange.sendResponseHeaders(200, zip.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(zip);
    }
  }

  private void redirect(HttpExchange exchange, String target) throws IOException {
    exchange.getResponseHeaders().set("Location", github.url() + target);
    FakeGitHub.reply(exchange, 302, null);
  }

  private FakeRun run(Matcher m) {
    long id = Long.parseLong(m.group(1));
    synchronized (github.runs) {
      return github.runs.stream().filter(r -> r.id == id).findFirst().orElse(null);
    }
  }

  private boolean known(String workflow) {
    return workflow.equals(FakeGitHub.WORKFLOW) || workflow.equals(FakeGitHub.NO_DISPATCH_WORKFLOW);
  }

  private ObjectNode workflow(String file) {
    return GitHubApi.JSON
        .createObjectNode()
        .put("id", 161335)
        .put("node_id", "MDg6V29ya2Zsb3cxNjEzMzU=")
        .put("name", "Kiln")
        .put("path", ".github/workflows/" + file)
        .put("state", github.workflowState)
        .put("url", github.url() + REPO + "/actions/workflows/161335")
        .put(
            "html_url",
            "https://github.com/" + FakeGitHub.REPO + "/blob/main/.github/workflows/" + file);
  }
}

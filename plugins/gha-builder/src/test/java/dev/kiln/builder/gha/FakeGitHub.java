package dev.kiln.builder.gha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GitHub REST API on 127.0.0.1 with a free port, implementing exactly the endpoints the builder
 * uses in GitHub's published format: JSON shapes, status codes, {@code Link} pagination, {@code
 * x-ratelimit-*} headers, 302 redirects to zip downloads, and 204 or 200-with-run-details
 * dispatches. Runs follow a scripted lifecycle; tests turn the knobs, then read what was asked.
 */
final class FakeGitHub implements AutoCloseable {

  static final String TOKEN = "ghp_Fake7oken0nlyForTestsXyZ123456";

  /** A valid token without actions:write. */
  static final String READ_ONLY_TOKEN = "ghp_ReadOnly7okenForTestsAbC98765";

  static final String REPO = "org/wheels";
  static final String WORKFLOW = "kiln.yml";

  /** A workflow that exists but has no workflow_dispatch trigger. */
  static final String NO_DISPATCH_WORKFLOW = "push-only.yml";

  static final List<String> DECLARED_INPUTS =
      List.of(
          "kiln_build_id",
          "kiln_run_key",
          "kiln_git_ref",
          "kiln_git_commit",
          "python",
          "channel",
          "RELEASE",
          "NOTE");

  /** How the dispatch endpoint answers. */
  enum Dispatch {
    RUN_DETAILS,
    NO_CONTENT,
    RUN_DETAILS_UNKNOWN
  }

  /** One request the server received. */
  record Request(String method, String path, String query, String authorization) {}

  // Knobs, set by tests before the build runs.
  volatile Dispatch dispatch = Dispatch.RUN_DETAILS;
  volatile List<FakeRun.State> lifecycle = List.of(FakeRun.State.completed("success"));
  volatile boolean runNameHasKey = true;
  volatile int hiddenFromListings;
  volatile int pageSize = 100;
  volatile int othersDispatchedAlongside;
  volatile String workflowState = "active";
  volatile Instant rateLimitedUntil;

  /** When set, reads of a run answer 502, as GitHub does in an outage. */
  volatile boolean runReadsFail;

  volatile Map<String, String> jobLog = Map.of("build", "hello from the runner\nbuild ok\n");
  volatile Map<String, Map<String, String>> artifacts = Map.of();
  final AtomicInteger remaining = new AtomicInteger(5000);

  final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  final List<FakeRun> runs = Collections.synchronizedList(new ArrayList<>());

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong ids = new AtomicLong(30433642);
  private final AtomicInteger listings = new AtomicInteger();
  private final FakeRoutes routes = new FakeRoutes(this);

  private FakeGitHub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server on a free port. */
  static FakeGitHub start() throws IOException {
    return new FakeGitHub();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Adds a run, as if dispatched with the given title, that shows {@code state}. */
  FakeRun addRun(String title, FakeRun.State state, Instant created) {
    FakeRun run =
        new FakeRun(ids.incrementAndGet(), WORKFLOW, title, created, Map.of(), List.of(state));
    runs.add(run);
    return run;
  }

  FakeRun newRun(String workflow, String title, Map<String, String> inputs) {
    FakeRun run =
        new FakeRun(ids.incrementAndGet(), workflow, title, Instant.now(), inputs, lifecycle);
    runs.add(run);
    return run;
  }

  /** Tells whether new runs show in listings yet: GitHub's listings lag behind dispatches. */
  boolean listsNewRuns() {
    return listings.get() > hiddenFromListings;
  }

  void countListing() {
    listings.incrementAndGet();
  }

  List<Request> requests(String method, String pathRegex) {
    synchronized (requests) {
      return requests.stream()
          .filter(r -> r.method.equals(method) && r.path.matches(pathRegex))
          .toList();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              path,
              exchange.getRequestURI().getRawQuery(),
              authorization));
      if (path.startsWith("/_storage/")) {
        routes.storage(exchange, path);
        return;
      }
      if (!("Bearer " + TOKEN).equals(authorization)
          && !("Bearer " + READ_ONLY_TOKEN).equals(authorization)) {
        reply(exchange, 401, error("Bad credentials"));
        return;
      }
      Instant limited = rateLimitedUntil;
      if (limited != null && Instant.now().isBefore(limited)) {
        exchange.getResponseHeaders().set("x-ratelimit-limit", "5000");
        exchange.getResponseHeaders().set("x-ratelimit-remaining", "0");
        exchange.getResponseHeaders().set("x-ratelimit-used", "5000");
        exchange
            .getResponseHeaders()
            .set("x-ratelimit-reset", Long.toString(limited.getEpochSecond()));
        exchange.getResponseHeaders().set("x-ratelimit-resource", "core");
        reply(
            exchange,
            403,
            error(
                "API rate limit exceeded for user ID 1. If you reach out to GitHub Support"
                    + " for help, please include the request ID."));
        return;
      }
      int left = Math.max(0, remaining.decrementAndGet());
      exchange.getResponseHeaders().set("x-ratelimit-limit", "5000");
      exchange.getResponseHeaders().set("x-ratelimit-remaining", Integer.toString(left));
      exchange.getResponseHeaders().set("x-ratelimit-used", Integer.toString(5000 - left));
      exchange
          .getResponseHeaders()
          .set(
              "x-ratelimit-reset", Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()));
      exchange.getResponseHeaders().set("x-ratelimit-resource", "core");
      routes.api(
          exchange, path, query(exchange), ("Bearer " + READ_ONLY_TOKEN).equals(authorization));
    } catch (RuntimeException e) {
      // A broken fake must show in the test's output, not as a hung request.
      e.printStackTrace();
      throw e;
    }
  }

  static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> query = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        query.put(
            decode(eq < 0 ? pair : pair.substring(0, eq)),
            eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return query;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  static ObjectNode error(String message) {
    return GitHubApi.JSON
        .createObjectNode()
        .put("message", message)
        .put("documentation_url", "https://docs.github.com/rest");
  }

  static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : GitHubApi.JSON.writeValueAsBytes(body);
    if (body != null) {
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Replies with one page of {@code items} under {@code field}, with GitHub's Link header. */
  void page(
      HttpExchange exchange,
      List<? extends JsonNode> items,
      String field,
      Map<String, String> query)
      throws IOException {
    int perPage = Math.min(pageSize, Integer.parseInt(query.getOrDefault("per_page", "30")));
    int page = Integer.parseInt(query.getOrDefault("page", "1"));
    int last = Math.max(1, (items.size() + perPage - 1) / perPage);
    List<? extends JsonNode> shown =
        items.subList(
            Math.min(items.size(), (page - 1) * perPage), Math.min(items.size(), page * perPage));
    Map<String, Integer> links = new LinkedHashMap<>();
    if (page < last) {
      links.put("next", page + 1);
      links.put("last", last);
    }
    if (page > 1) {
      links.put("first", 1);
      links.put("prev", page - 1);
    }
    if (!links.isEmpty()) {
      StringBuilder base = new StringBuilder(url() + exchange.getRequestURI().getRawPath() + "?");
      String rawQuery = exchange.getRequestURI().getRawQuery().replaceAll("&?page=\\d+", "");
      base.append(rawQuery.isEmpty() ? "" : rawQuery + "&");
      List<String> parts = new ArrayList<>();
      links.forEach((rel, n) -> parts.add("<" + base + "page=" + n + ">; rel=\"" + rel + "\""));
      exchange.getResponseHeaders().set("Link", String.join(", ", parts));
    }
    ObjectNode body = GitHubApi.JSON.createObjectNode().put("total_count", items.size());
    ArrayNode array = body.putArray(field);
    shown.forEach(array::add);
    reply(exchange, 200, body);
  }

  /** Matches {@code path} against {@code regex}; the matcher, or null. */
  static Matcher match(String regex, String path) {
    Matcher matcher = Pattern.compile(regex).matcher(path);
    return matcher.matches() ? matcher : null;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

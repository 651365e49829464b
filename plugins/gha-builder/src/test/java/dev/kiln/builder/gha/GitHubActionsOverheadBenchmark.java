package dev.kiln.builder.gha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time the builder adds to a trivial build: a run that completes at once on the fake GitHub,
 * with a two-line log and one small artifact, through the builder, against a baseline of the same
 * HTTP calls (dispatch, run, jobs, logs and artifact downloads) made directly with one shared
 * client, alternating in the same run. The builder's share is its client set-up per build, JSON,
 * unzipping and the sinks. Real GitHub adds minutes of queueing that no fake can measure.
 *
 * <p>Run with {@code ./mvnw -Pbenchmark -pl plugin-api,plugins/gha-builder verify}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GitHubActionsOverheadBenchmark {

  private static final int WARM_UP = 30;
  private static final int ROUNDS = 200;

  @TempDir Path tmp;

  @Test
  void builderOverheadOnATrivialRun() throws Exception {
    try (FakeGitHub github = FakeGitHub.start();
        HttpClient http = HttpClient.newBuilder().build()) {
      github.artifacts = Map.of("dist", Map.of("app.txt", "built"));
      List<Double> builder = new ArrayList<>();
      List<Double> direct = new ArrayList<>();
      for (int i = 0; i < WARM_UP + ROUNDS; i++) {
        double viaBuilder = timeBuilder(github, i);
        double viaCalls = timeDirect(github, http);
        if (i >= WARM_UP) {
          builder.add(viaBuilder);
          direct.add(viaCalls);
        }
      }
      Collections.sort(builder);
      Collections.sort(direct);
      System.out.printf(
          Locale.ROOT,
          "%nGitHub Actions builder overhead, trivial run on a local fake GitHub (%d rounds)%n",
          ROUNDS);
      System.out.println("                       | median ms | p90 ms");
      System.out.printf(
          Locale.ROOT,
          "direct HTTP (baseline) | %9.2f | %6.2f%n",
          pct(direct, 50),
          pct(direct, 90));
      System.out.printf(
          Locale.ROOT,
          "through the builder    | %9.2f | %6.2f%n",
          pct(builder, 50),
          pct(builder, 90));
      System.out.printf(
          Locale.ROOT,
          "difference             | %9.2f | %6.2f%n",
          pct(builder, 50) - pct(direct, 50),
          pct(builder, 90) - pct(direct, 90));
      System.out.printf(
          Locale.ROOT,
          "ratio builder/baseline | %9.2f | %6.2f%n",
          pct(builder, 50) / pct(direct, 50),
          pct(builder, 90) / pct(direct, 90));
      System.out.println(
          "Real GitHub adds queueing and runner start-up (typically tens of seconds to minutes)"
              + " that no fake can measure.");
    }
  }

  private double timeBuilder(FakeGitHub github, int round) throws Exception {
    Path work = Files.createDirectories(tmp.resolve("b" + round));
    TestBuildContext context = new TestBuildContext(work);
    long start = System.nanoTime();
    BuildResult result = Builds.run(Builds.request(Builds.settings(github)), context);
    double ms = (System.nanoTime() - start) / 1e6;
    assertThat(result.exitCode()).isZero();
    assertThat(context.stored()).containsOnlyKeys("dist/app.txt");
    return ms;
  }

  /** The builder's calls for one trivial run, made directly: no paging, no unzipping. */
  private double timeDirect(FakeGitHub github, HttpClient http) throws Exception {
    String repo = github.url() + "/repos/" + FakeGitHub.REPO;
    long start = System.nanoTime();
    String dispatch =
        "{\"ref\":\"main\",\"inputs\":{\"kiln_build_id\":\"1\",\"kiln_run_key\":\"kiln-1-0123456789ab\"},"
            + "\"return_run_details\":true}";
    String body = send(http, "POST", repo + "/actions/workflows/kiln.yml/dispatches", dispatch);
    long id = GitHubApi.JSON.readTree(body).path("workflow_run_id").asLong();
    send(http, "GET", repo + "/actions/runs/" + id, null);
    send(http, "GET", repo + "/actions/runs/" + id + "/jobs?per_page=100", null);
    send(http, "GET", location(http, repo + "/actions/runs/" + id + "/logs"), null);
    String artifacts =
        send(http, "GET", repo + "/actions/runs/" + id + "/artifacts?per_page=100", null);
    long artifact = GitHubApi.JSON.readTree(artifacts).path("artifacts").get(0).path("id").asLong();
    send(http, "GET", location(http, repo + "/actions/artifacts/" + artifact + "/zip"), null);
    return (System.nanoTime() - start) / 1e6;
  }

  private static String location(HttpClient http, String url) throws Exception {
    var response = http.send(request("GET", url, null), BodyHandlers.discarding());
    return response.headers().firstValue("location").orElseThrow();
  }

  private static String send(HttpClient http, String method, String url, String body)
      throws Exception {
    return http.send(request(method, url, body), BodyHandlers.ofString()).body();
  }

  private static HttpRequest request(String method, String url, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + FakeGitHub.TOKEN)
        .header("Accept", "application/vnd.github+json")
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}

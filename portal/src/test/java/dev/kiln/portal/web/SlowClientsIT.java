package dev.kiln.portal.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import dev.kiln.portal.webhook.WebhookService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * Hundreds of clients that send a byte a second, as the attacker did: webhook deliveries,
 * log-in forms, API calls with a no token, and request headers (slowloris). While they trickle, the
 * log-in page and the health check answer and the request threads they hold stay few; the server
 * ends every trickling body on its own, and a connection that stops sending mid-header or mid-body.
 */
class SlowClientsIT extends KilnSpringTest {

  /** Far beyond what any of this should take on a loaded machine; the point is that it ends. */
  private static final Duration GENEROUS = Duration.ofSeconds(90);

  private static final AtomicInteger names = new AtomicInteger();

  @Autowired UserService users;
  @Autowired ProjectService projects;
  @Autowired WebhookService webhooks;
  @Autowired WebProperties limits;
  @Autowired WebServerApplicationContext server;
  @LocalServerPort int port;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(30))
          .build();

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void tricklingClientsNeitherStarveTheLogInPageNorTheHealthCheckAndAreCutOff() throws Exception {
    long project = projectWithWebhook();
    try (var slow = new SlowClients(port);
        var ticker = Executors.newSingleThreadScheduledExecutor()) {
      slow.open(
          "hook",
          200,
          post(
              "/hooks/projects/" + project,
              "application/json",
              100_000,
              "X-GitHub-Event: push\r\nX-Hub-Signature-256: sha256=00\r\n"));
      slow.open("form", 60, post("/login", "application/x-www-form-urlencoded", 10_000, ""));
      // Without a token: answered 401 without reading the body, and not counted by the
      // invalid-token limit.
      slow.open("api", 30, post("/api/projects", "application/json", 10_000, ""));
      slow.open("header", 50, "GET /login HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
      // The attack itself: a byte a second on every connection the server has not closed.
      ticker.scheduleAtFixedRate(slow::tick, 0, 1, TimeUnit.SECONDS);

      for (int round = 0; round < 3; round++) {
        long start = System.nanoTime();
        assertThat(get("/login").statusCode()).as("the log-in page under attack").isEqualTo(200);
        long login = System.nanoTime();
        assertThat(get("/actuator/health").statusCode())
            .as("the health check under attack")
            .isEqualTo(200);
        int busy = busyThreads();
        // Printed, not asserted: how long the answers took depends on the machine.
        System.out.printf(
            "Under attack (round %d): /login in %d ms, /actuator/health in %d ms, %d request threads busy%n",
            round, (login - start) / 1_000_000, (System.nanoTime() - login) / 1_000_000, busy);
        assertThat(busy)
            .as("request threads held by the trickling clients")
            .isLessThanOrEqualTo(limits.hooksAtOnce() + limits.anonymousBodiesAtOnce() + 10);
      }

      await(
          "the server to end every trickling body",
          GENEROUS,
          () -> slow.open("hook") + slow.open("form") + slow.open("api") == 0);
      List<SlowClients.Connection> hooks = slow.all("hook");
      assertThat(hooks)
          .allSatisfy(c -> assertThat(c.statusLine()).matches("HTTP/1.1 (408|503) .*"));
      assertThat(hooks)
          .filteredOn(c -> c.statusLine().startsWith("HTTP/1.1 503"))
          .as("deliveries beyond the limit, refused at once")
          .hasSizeGreaterThanOrEqualTo(200 - limits.hooksAtOnce())
          .allSatisfy(c -> assertThat(c.hasHeader("Retry-After")).isTrue());
      assertThat(slow.all("form"))
          .allSatisfy(c -> assertThat(c.statusLine()).matches("HTTP/1.1 (408|503) .*"));
      assertThat(slow.all("api"))
          .allSatisfy(c -> assertThat(c.statusLine()).startsWith("HTTP/1.1 401"));
      assertThat(get("/login").statusCode()).isEqualTo(200);
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aConnectionThatStopsInTheMiddleOfItsHeadersOrBodyIsClosed() throws Exception {
    long project = projectWithWebhook();
    try (var stalled = new SlowClients(port)) {
      stalled.open("stalled", 20, "GET /login HTTP/1.1\r\nHost: localhost\r\nX-Stalled: ");
      stalled.open(
          "stalled",
          5,
          post("/hooks/projects/" + project, "application/json", 1000, "") + "{\"ref\":");
      stalled.open(
          "stalled",
          5,
          post("/login", "application/x-www-form-urlencoded", 1000, "") + "username=");
      // Never tick: nothing more comes. Reading finds the server's close once the read timeout has
      // passed.
      await(
          "the server to close connections that stopped sending",
          GENEROUS,
          () -> {
            stalled.all("stalled").forEach(c -> c.closedByServer |= closed(c));
            return stalled.open("stalled") == 0;
          });
    }
  }

  /** Whether the server has closed a connection, found by reading without sending anything. */
  private static boolean closed(SlowClients.Connection c) {
    try {
      var buffer = ByteBuffer.allocate(1024);
      int n = c.channel.read(buffer);
      if (n > 0) {
        c.received.append(new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1));
      }
      return n < 0;
    } catch (IOException reset) {
      return true;
    }
  }

  private int busyThreads() {
    var executor =
        ((TomcatWebServer) server.getWebServer())
            .getTomcat()
            .getConnector()
            .getProtocolHandler()
            .getExecutor();
    if (executor instanceof ThreadPoolExecutor pool) {
      return pool.getActiveCount();
    }
    throw new AssertionError(
        "cannot count busy request threads: Tomcat's executor is a " + executor.getClass());
  }

  private HttpResponse<Void> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private static String post(String path, String type, int length, String headers) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
        + type
        + "\r\nContent-Length: "
        + length
        + "\r\n"
        + headers
        + "\r\n";
  }

  private long projectWithWebhook() {
    String owner = "slow-owner-" + names.incrementAndGet();
    TestUsers.create(users, owner, "a long enough password", Role.MAINTAINER);
    return as(
        owner,
        List.of("ROLE_MAINTAINER"),
        () -> {
          long id =
              projects.create(
                  new ProjectDraft(
                      "slow-" + names.incrementAndGet(),
                      "",
                      "local",
                      Map.of("kill-grace-seconds", "1"),
                      "echo hi\n",
                      List.of(),
                      Duration.ofMinutes(1)));
          webhooks.createKey(id);
          return id;
        });
  }
}

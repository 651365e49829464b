package dev.kiln.portal.e2e.harness;

import com.microsoft.playwright.Page;
import dev.kiln.portal.e2e.screens.NewUserWalk;
import dev.kiln.portal.e2e.screens.ProjectScreen;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kiln nodes, each a JVM of its own, sharing one PostgreSQL that the test runs: the first node
 * creates the schema and the secrets' key pair, the others use both. Gives the tests an admin API
 * token and a project on the local builder.
 */
public final class KilnCluster implements AutoCloseable {

  /**
   * A folder for {@link #markerScript}'s files, open to every user: where the nodes run as root,
   * their Local shell builds run as an unprivileged user.
   */
  public static Path markerFolder(Path parent) throws IOException {
    Path markers = Files.createDirectories(parent.resolve("markers"));
    Files.setAttribute(markers, "unix:mode", 01777);
    return markers;
  }

  /**
   * A build script that sleeps {@code seconds} between a start and an end line appended to a file
   * named after its build in {@code markers}: a build that ran twice would have two starts.
   */
  public static String markerScript(Path markers, int seconds) {
    return """
        echo "start $(date +%%s%%N)" >> '%1$s/'"$KILN_BUILD_ID"
        sleep %2$d
        echo "end $(date +%%s%%N)" >> '%1$s/'"$KILN_BUILD_ID"
        """
        .formatted(markers, seconds);
  }

  private static final JsonMapper json = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** Generous: several JVMs starting at once on a small, shared test machine. */
  private final Path home;

  private final String jdbcUrl;
  private final List<KilnProcess> nodes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private String token;

  /**
   * {@code jdbcUrl} names a database {@code kiln} owned by the user postgres, without a password.
   */
  public KilnCluster(Path home, String jdbcUrl) {
    this.home = home;
    this.jdbcUrl = jdbcUrl;
  }

  /** Starts the nodes, the first alone (it creates the schema and keys), the others together. */
  public List<KilnProcess> start(int runnerThreads, String... names) throws Exception {
    nodes.add(KilnProcess.start(home.resolve(names[0]), names[0], env(names[0], runnerThreads)));
    nodes.getFirst().awaitReady();
    for (int i = 1; i < names.length; i++) {
      nodes.add(KilnProcess.start(home.resolve(names[i]), names[i], env(names[i], runnerThreads)));
    }
    for (KilnProcess node : nodes) {
      node.awaitReady();
      String command = ProcessHandle.of(node.pid()).flatMap(p -> p.info().command()).orElse("");
      if (!command.endsWith("/java")) {
        throw new AssertionError("Node process " + node.pid() + " is " + command + ", not a JVM");
      }
    }
    return List.copyOf(nodes);
  }

  private Map<String, String> env(String name, int runnerThreads) {
    Map<String, String> env = new HashMap<>();
    env.put("KILN_DB_URL", jdbcUrl);
    env.put("KILN_DB_USER", "postgres");
    env.put("KILN_DB_PASSWORD", "");
    env.put("KILN_NODE_NAME", name);
    // One store for logs and artifacts, as a real cluster has (a bucket or a shared disk): a page
    // on
    // one node reads what another node's build stored.
    env.put("KILN_STORAGE_LOCALDIR", home.resolve("storage").toString());
    env.put("KILN_NODE_ROLES", "web,scheduler,runner");
    env.put("KILN_RUNNER_THREADS", String.valueOf(runnerThreads));
    // Every node opens secrets sealed on any other: one key pair, made by the first node.
    env.put("KILN_SECRETS_GENERATE_KEYS", "true");
    env.put("KILN_SECRETS_PUBLIC_KEY_FILE", home.resolve("keys/secrets-public.json").toString());
    env.put("KILN_SECRETS_PRIVATE_KEY_FILE", home.resolve("keys/secrets-private.json").toString());
    // The test's own nodes on one machine; an operator would run the local builder only on a
    // trusted host.
    env.put("KILN_LOCAL_BUILDER_ENABLED", "true");
    env.put("KILN_API_REQUESTS_PER_MINUTE", "6000");
    // The client compiler only: several nodes start on few cores, and start-up matters more here
    // than peak speed.
    env.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    env.put("KILN_API_TRIGGERS_PER_MINUTE", "6000");
    return env;
  }

  /**
   * Logs in as the first admin, creates a project on the local builder with {@code script}, and
   * gives the admin an API token of scope admin; returns the project's id.
   */
  public long project(Chromium browser, String name, String script) throws Exception {
    Page page = browser.newPage();
    NewUserWalk.firstLogIn(nodes.getFirst(), browser, page)
        .newProject()
        .name(name)
        .script(script)
        .save();
    ProjectScreen.expect(page, name);
    browser.screenshot(page, "cluster-project");
    // Created in the database, as the API tokens screen would: the screen object makes read tokens
    // only.
    byte[] random = new byte[30];
    new SecureRandom().nextBytes(random);
    String value = "kiln_" + HexFormat.of().formatHex(random).substring(0, 40);
    try (Connection c = connect()) {
      var insert =
          c.prepareStatement(
              """
          insert into api_tokens (user_id, name, token_hash, scope, created_at, expires_at)
          select id, 'cluster test', ?, 'ADMIN', now(), now() + interval '1 day' from users where username = 'admin'""");
      insert.setString(
          1,
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(value.getBytes(StandardCharsets.UTF_8))));
      insert.executeUpdate();
      token = value;
      var id = c.prepareStatement("select id from projects where name = ?");
      id.setString(1, name);
      var rs = id.executeQuery();
      rs.next();
      return rs.getLong(1);
    }
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, "postgres", "");
  }

  /**
   * Adds a user of system role viewer with its own password (no change forced at first log-in), as
   * the Users screen would followed by the user's own password change.
   */
  public void addUser(String name, String password) throws SQLException {
    try (Connection c = connect()) {
      var user =
          c.prepareStatement(
              """
              insert into users (username, username_key, password_hash, role, created_at)
              values (?, ?, ?, 'VIEWER', now())""");
      user.setString(1, name);
      user.setString(2, name);
      user.setString(
          3, PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password));
      user.executeUpdate();
    }
  }

  /**
   * Calls the REST API of {@code node} with the admin token; fails on a status other than {@code
   * expected}.
   */
  public JsonNode call(KilnProcess node, String method, String path, String body, int expected)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(node.url() + path.substring(1)))
            .timeout(TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token);
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new AssertionError(
          method
              + " "
              + path
              + " on "
              + node.url()
              + ": "
              + response.statusCode()
              + " "
              + response.body());
    }
    return response.body().isEmpty() ? null : json.readTree(response.body());
  }

  /** Stops every node still running (SIGTERM, then SIGKILL after 30 s). */
  @Override
  public void close() {
    for (KilnProcess node : nodes) {
      try {
        node.close();
      } catch (IOException | RuntimeException e) {
        System.err.println("Could not stop a node: " + e);
      }
    }
  }
}

package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.kiln.portal.LeakScan;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import dev.kiln.portal.e2e.harness.Selects;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault's promise across two nodes on one database: a node with only the web role seals secrets
 * with the public key and has no private key to open them; a runner node holding the private key
 * runs the build that uses them; the stored log holds each value only masked, also multi-line,
 * base64-encoded and split across two log chunks; and neither the database, the stored files nor
 * either node's console holds a value in clear.
 */
class SecretNodesIT {

  private static final String TOKEN = "pypi-Ag3nT-upl0ad-k3y-7781";
  private static final String KEY_LINE_1 = "-----BEGIN KILN TEST KEY-----";
  private static final String KEY_LINE_2 = "c2VjcmV0LWtleS1ib2R5LWxpbmUtdHdv";
  private static final String KEY_LINE_3 = "-----END KILN TEST KEY-----";
  private static final String SSH_KEY = KEY_LINE_1 + "\n" + KEY_LINE_2 + "\n" + KEY_LINE_3;

  @TempDir Path tmp;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aWebNodeSealsARunnerNodeOpensAndTheLogIsMasked() throws Exception {
    try (var postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(tmp.resolve("pg"))
            .setCleanDataDirectory(true)
            .start()) {
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("create database kiln");
      }
      Path storage = tmp.resolve("shared-storage");
      Map<String, String> shared =
          Map.of(
              "KILN_DB_URL", postgres.getJdbcUrl("postgres", "kiln"),
              "KILN_DB_USER", "postgres",
              "KILN_DB_PASSWORD", "",
              "KILN_STORAGE_LOCALDIR", storage.toString(),
              // Both nodes share one machine here, so the local builder may run scripts on it.
              "KILN_LOCAL_BUILDER_ENABLED", "true");

      try (var runner =
          KilnProcess.start(
              tmp.resolve("runner"),
              "secrets-runner",
              with(
                  shared,
                  "KILN_NODE_NAME",
                  "runner-1",
                  "KILN_NODE_ROLES",
                  "runner",
                  "KILN_SECRETS_GENERATE_KEYS",
                  "true"))) {
        runner.awaitReady();
        Path publicKey = tmp.resolve("web-keys/secrets-public.json");
        Files.createDirectories(publicKey.getParent());
        Files.copy(runner.dataDir().resolve("keys/secrets-public.json"), publicKey);

        try (var web =
                KilnProcess.start(
                    tmp.resolve("web"),
                    "secrets-web",
                    with(
                        shared,
                        "KILN_NODE_NAME",
                        "web-1",
                        "KILN_NODE_ROLES",
                        "web",
                        "KILN_SECRETS_PUBLIC_KEY_FILE",
                        publicKey.toString(),
                        "KILN_SECRETS_PRIVATE_KEY_FILE",
                        tmp.resolve("web-keys/secrets-private.json").toString()));
            var browser = new Chromium("secret-nodes")) {
          web.awaitReady();
          assertThat(web.consoleText()).contains("Node web-1 has no runner role");

          Page page = browser.newPage();
          var login = LoginScreen.open(page, web.url());
          String oneTime = runner.oneTimePassword().orElseThrow();
          login.logIn("admin", oneTime);
          PasswordScreen.expect(page).choose(oneTime, NewUserWalk.PASSWORD);
          ProjectsScreen.expect(page);

          // A single-line secret through the web node's screen, a multi-line one through its API.
          var secretsScreen = SecretsScreen.open(page);
          secretsScreen.add("PYPI_TOKEN", TOKEN);
          assertThat(
                  secretsScreen.rows().filter(new Locator.FilterOptions().setHasText("PYPI_TOKEN")))
              .isVisible();
          String apiToken = adminToken(page);
          HttpResponse<String> created =
              post(
                  web.url() + "api/secrets",
                  apiToken,
                  "{\"name\": \"SIGNING_KEY\", \"description\": \"multi-line\", \"value\": \""
                      + SSH_KEY.replace("\n", "\\n")
                      + "\"}");
          assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
          assertThat(created.body()).doesNotContain(KEY_LINE_2);

          page.navigate(web.url());
          var form = ProjectsScreen.expect(page).newProject();
          form.name("masked")
              .script(
                  """
              echo "plain: $PYPI_TOKEN"
              echo "$SIGNING_KEY"
              printf '%s' "$PYPI_TOKEN" | base64
              filler=$(head -c 16373 /dev/zero | tr '\\0' x)
              printf 'split:%s%s' "$filler" "${PYPI_TOKEN:0:11}"
              sleep 0.5
              printf '%s\\n' "${PYPI_TOKEN:11}"
              echo done
              """)
              .secrets("PYPI_TOKEN, SIGNING_KEY");
          form.save();
          var build = ProjectScreen.expect(page, "masked").runNow();
          long buildId = build.id();
          // The runner node runs it; the web node's page follows through the database's
          // notifications.
          build.awaitState("SUCCEEDED", Duration.ofSeconds(90));
          assertThat(build.log()).containsText("plain: ***");
          assertThat(build.log()).containsText("x***");
          assertThat(page.locator(".facts")).containsText("runner-1");
          browser.screenshot(page, "build-on-runner-masked");

          List<String> forms = List.of(TOKEN, KEY_LINE_1, KEY_LINE_2, KEY_LINE_3, base64(TOKEN));
          // The stored log: every value masked, and the split value did arrive in two chunks.
          List<String> chunks = new ArrayList<>();
          try (Stream<Path> files = Files.list(storage.resolve("builds/" + buildId + "/log"))) {
            for (Path chunk : files.sorted().toList()) {
              chunks.add(Files.readString(chunk, StandardCharsets.UTF_8));
            }
          }
          String stored = String.join("", chunks);
          assertThat(stored)
              .contains("plain: ***", "x***\n", "done")
              .doesNotContain(forms)
              .doesNotContain(TOKEN.substring(0, 10));
          // Three for the lines of the multi-line value, one for the base64 line, and one for the
          // split
          // value: the builder passed its start on as a line of its own, and the mask took its rest
          // too.
          assertThat(stored.lines().filter(line -> line.equals("***"))).hasSize(5);
          // The local builder passes a 16 KiB line on in pieces: the first piece ends with the
          // start of the
          // value, and the rest comes half a second later, after the first piece's chunk was
          // stored.
          int first = indexOf(chunks, "split:");
          String splitStart = chunks.get(first).substring(chunks.get(first).indexOf("split:"));
          assertThat(splitStart)
              .as("where the split value begins, in its chunk")
              .endsWith("x")
              .doesNotContain("*");
          assertThat(chunks.subList(first + 1, chunks.size()))
              .as("the chunks after it")
              .anySatisfy(chunk -> assertThat(chunk).startsWith("***\n"));

          // The web node never held the private key, and the build ran on the runner.
          assertThat(tmp.resolve("web-keys/secrets-private.json")).doesNotExist();
          assertThat(web.dataDir().resolve("keys/secrets-private.json")).doesNotExist();
          try (Connection c = postgres.getDatabase("postgres", "kiln").getConnection();
              ResultSet row =
                  c.createStatement()
                      .executeQuery("select node, state from builds where id = " + buildId)) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString("node")).isEqualTo("runner-1");
            assertThat(row.getString("state")).isEqualTo("SUCCEEDED");
          }

          // Nothing in clear anywhere: the database, every stored file, both consoles.
          try (Connection c = postgres.getDatabase("postgres", "kiln").getConnection()) {
            assertThat(LeakScan.columnsHolding(c, TOKEN)).isEmpty();
            assertThat(LeakScan.columnsHolding(c, KEY_LINE_2)).isEmpty();
            assertThat(LeakScan.columnsHolding(c, "masked"))
                .as("the scan finds what is there")
                .contains("projects.name");
          }
          try (Stream<Path> files = Files.walk(storage)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
              assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
                  .as(file.toString())
                  .doesNotContain(forms);
            }
          }
          assertThat(web.consoleText()).doesNotContain(forms);
          assertThat(runner.consoleText()).doesNotContain(forms);
        }
      }
    }
  }

  private static int indexOf(List<String> chunks, String text) {
    for (int i = 0; i < chunks.size(); i++) {
      if (chunks.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError("no chunk holds " + text);
  }

  private static Map<String, String> with(Map<String, String> base, String... pairs) {
    var all = new HashMap<>(base);
    for (int i = 0; i < pairs.length; i += 2) {
      all.put(pairs[i], pairs[i + 1]);
    }
    return all;
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Creates an API token with the admin scope on the tokens screen and returns its value. */
  private static String adminToken(Page page) {
    ApiTokensScreen.open(page);
    page.locator("#new-token").click();
    page.locator("#new-token-name input").fill("secrets");
    Selects.choose(
        page,
        "new-token-scope",
        page.getByRole(AriaRole.OPTION).filter(new Locator.FilterOptions().setHasText("admin:")));
    page.locator("#create-token").click();
    Locator value = page.locator("#token-value");
    assertThat(value).hasText(Pattern.compile("kiln_\\w{40}"));
    String shown = value.textContent();
    page.locator("#token-done").click();
    return shown;
  }

  private static HttpResponse<String> post(String url, String token, String json) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}

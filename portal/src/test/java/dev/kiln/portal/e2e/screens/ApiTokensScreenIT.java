package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user creates an API token in the browser, the API accepts it, and after a revoke it refuses it.
 */
class ApiTokensScreenIT {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void tokenCreatedInTheBrowserWorksUntilItIsRevoked() throws Exception {
    try (var kiln = KilnProcess.start(tmp.resolve("home"), "tokens-ui", Map.of());
        var browser = new Chromium("tokens-ui");
        var http = HttpClient.newHttpClient()) {
      kiln.awaitReady();
      Page page = browser.newPage();
      NewUserWalk.firstLogIn(kiln, browser, page);

      var tokens = ApiTokensScreen.open(page);
      String token = tokens.create("release script", 30);
      assertThat(tokens.rows().filter(new Locator.FilterOptions().setHasText("release script")))
          .hasCount(1);
      browser.screenshot(page, "api-tokens");
      assertThat(projects(http, kiln, token).statusCode()).isEqualTo(200);

      tokens.revoke("release script");
      assertThat(tokens.rows().filter(new Locator.FilterOptions().setHasText("revoked")))
          .hasCount(1);
      assertThat(projects(http, kiln, token).statusCode()).isEqualTo(401);
    }
  }

  private static HttpResponse<String> projects(HttpClient http, KilnProcess kiln, String token)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(kiln.url() + "api/projects"))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}

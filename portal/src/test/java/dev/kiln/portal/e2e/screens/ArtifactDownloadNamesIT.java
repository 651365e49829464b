package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.HttpHeader;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artifacts whose names try to forge the download's {@code Content-Disposition} header: downloaded
 * by clicking in Chromium, the file gets the artifact's own name, and the header holds that name
 * and nothing else.
 */
class ArtifactDownloadNamesIT {

  /** Names Chromium keeps as they are: the downloaded file must have exactly this name. */
  private static final List<String> KEPT =
      List.of("report; filename=evil.exe", "résumé €,1 'a'=%41.txt");

  /** A name that closes the quoted name and adds a parameter of its own. */
  private static final String QUOTED = "a\"; filename=\"evil.exe";

  @TempDir Path tmp;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aDownloadIsNamedAfterItsArtifactAndNothingElse() throws Exception {
    try (var kiln = KilnProcess.start(tmp.resolve("home"), "download-names", Map.of());
        var browser = new Chromium("download-names")) {
      kiln.awaitReady();
      Page page = browser.newPage();
      var form = NewUserWalk.firstLogIn(kiln, browser, page).newProject();
      StringBuilder script = new StringBuilder("mkdir -p dist\n");
      for (String name : KEPT) {
        script.append("printf x > 'dist/").append(name.replace("'", "'\\''")).append("'\n");
      }
      script.append("printf x > 'dist/").append(QUOTED).append("'\n");
      script.append("printf x > \"dist/$(printf 'crlf\\r\\nX-Injected: 1')\"\n");
      form.name("names").script(script.toString()).artifacts("dist/*").save();
      var build = ProjectScreen.expect(page, "names").runNow();
      build.awaitState("SUCCEEDED", Duration.ofMinutes(2));
      // The grid is below the log: bring it into view so the screenshot shows the names as listed.
      assertThat(link(page, "dist/" + QUOTED)).isVisible();
      link(page, "dist/" + QUOTED).scrollIntoViewIfNeeded();
      browser.screenshot(page, "artifacts");

      for (String name : KEPT) {
        Download download = page.waitForDownload(link(page, "dist/" + name)::click);
        assertThat(download.suggestedFilename()).isEqualTo(name);
        assertOnlyTheName(page, "dist/" + name, name);
      }
      assertOnlyTheName(page, "dist/" + QUOTED, QUOTED);
      Download quoted = page.waitForDownload(link(page, "dist/" + QUOTED)::click);
      assertThat(quoted.suggestedFilename())
          .doesNotStartWith("evil")
          .endsWith("evil.exe")
          .startsWith("a");
      assertOnlyTheName(page, "dist/crlf__X-Injected: 1", "crlf__X-Injected: 1");
    }
  }

  private static Locator link(Page page, String path) {
    return page.locator("#artifacts a")
        .filter(new Locator.FilterOptions().setHasText(path))
        .first();
  }

  /**
   * Fetches the link's address with the page's session, as the browser does, and reads the raw
   * header.
   */
  private static void assertOnlyTheName(Page page, String path, String name) {
    assertThat(link(page, path)).isVisible();
    String href = link(page, path).getAttribute("href");
    var response =
        page.request()
            .get(page.url().replaceAll("(https?://[^/]+/).*", "$1") + href.replaceFirst("^/", ""));
    assertThat(response.status()).isEqualTo(200);
    List<HttpHeader> headers = response.headersArray();
    assertThat(headers).noneMatch(h -> h.name.equalsIgnoreCase("X-Injected"));
    List<String> dispositions =
        headers.stream()
            .filter(h -> h.name.equalsIgnoreCase("Content-Disposition"))
            .map(h -> h.value)
            .toList();
    assertThat(dispositions)
        .as("for %s", name)
        .singleElement()
        .satisfies(
            value -> {
              assertThat(value).doesNotContain("\r", "\n");
              String[] parts = value.split("; ");
              assertThat(parts).as(value).hasSize(3);
              assertThat(parts[0]).isEqualTo("attachment");
              assertThat(parts[1]).startsWith("filename=\"").endsWith("\"");
              assertThat(parts[1].substring(10, parts[1].length() - 1))
                  .doesNotContain("\"", "\\", ";");
              assertThat(parts[2]).startsWith("filename*=UTF-8''");
              assertThat(
                      URLDecoder.decode(
                          parts[2].substring(17).replace("+", "%2B"), StandardCharsets.UTF_8))
                  .isEqualTo(name);
            });
  }
}

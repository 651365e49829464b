package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Pattern;

/** A build's page. */
public record BuildScreen(Page page) {

  public static BuildScreen expect(Page page) {
    assertThat(page).hasURL(Pattern.compile(".*/builds/\\d+(\\?.*)?$"));
    assertThat(page.locator("#build-state")).isVisible();
    return new BuildScreen(page);
  }

  public long id() {
    return Long.parseLong(page.url().replaceAll(".*/builds/(\\d+).*", "$1"));
  }

  public Locator state() {
    return page.locator("#build-state");
  }

  public Locator reason() {
    return page.locator("#build-reason");
  }

  public Locator log() {
    return page.locator("#build-log");
  }

  public void awaitState(String state, Duration limit) {
    assertThat(state())
        .hasAttribute(
            "data-state",
            state,
            new LocatorAssertions.HasAttributeOptions().setTimeout(limit.toMillis()));
  }

  /** Downloads an artifact by clicking its link, as a user would, and returns its bytes. */
  public byte[] download(String path) throws IOException {
    Locator link =
        page.locator("#artifacts a").filter(new Locator.FilterOptions().setHasText(path));
    Download download = page.waitForDownload(link::click);
    return Files.readAllBytes(download.path());
  }
}

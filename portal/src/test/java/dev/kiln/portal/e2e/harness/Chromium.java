package dev.kiln.portal.e2e.harness;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ScreenshotAnimations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Chromium, headless, driven by Playwright. Screenshots go to {@code target/screenshots}.
 * Without Chromium the test fails and says what to install.
 */
public final class Chromium implements AutoCloseable {

  private static final List<Path> BINARIES =
      List.of(
          Path.of(System.getProperty("kiln.test.chromium", "/usr/bin/chromium"))
              .resolveSibling("../lib/chromium/chromium")
              .normalize(),
          Path.of(System.getProperty("kiln.test.chromium", "/usr/bin/chromium")));

  private final Playwright playwright;
  private final Browser browser;
  private final BrowserContext context;
  private final Path screenshots = Path.of("target", "screenshots");
  private final String prefix;
  private int shot;

  public Chromium(String prefix) {
    Path binary =
        BINARIES.stream()
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Chromium is not installed: on Debian or Ubuntu run 'apt-get install chromium' (the browser tests use it headless)."));
    this.prefix = prefix;
    playwright = Playwright.create();
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(binary)
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync")));
    context =
        browser.newContext(
            new Browser.NewContextOptions().setAcceptDownloads(true).setViewportSize(1280, 900));
    context.setDefaultTimeout(20_000);
    // Assertions wait as long as actions: a first page can take more than their 5 s on a busy
    // machine.
    PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
  }

  public Page newPage() {
    return context.newPage();
  }

  /** A page in a fresh browser context: another person, with cookies of their own. */
  public Page newIsolatedPage() {
    var other = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
    other.setDefaultTimeout(20_000);
    return other.newPage();
  }

  /**
   * Opens {@code url} in a page that may be leaving by itself: one whose session just ended goes to
   * the log-in page on its own, and a navigation started meanwhile is aborted. Such a page is let
   * settle, then opened again.
   */
  public static void openAfterLogOut(Page page, String url) {
    try {
      page.navigate(url);
    } catch (PlaywrightException e) {
      if (!String.valueOf(e.getMessage()).contains("ERR_ABORTED")) {
        throw e;
      }
      page.waitForLoadState();
      page.navigate(url);
    }
  }

  /** Saves a full-page screenshot named after the screen, numbered in the order taken. */
  public void screenshot(Page page, String screen) {
    try {
      Files.createDirectories(screenshots);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Animations are run to their end first, so a dialog is shot open, not half faded in.
    page.screenshot(
        new Page.ScreenshotOptions()
            .setFullPage(true)
            .setAnimations(ScreenshotAnimations.DISABLED)
            .setPath(screenshots.resolve("%s-%02d-%s.png".formatted(prefix, ++shot, screen))));
  }

  @Override
  public void close() {
    context.close();
    browser.close();
    playwright.close();
  }
}

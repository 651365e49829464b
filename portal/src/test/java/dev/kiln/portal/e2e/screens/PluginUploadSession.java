package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The setting the plugin upload stories share ({@link PluginUploadIT}, {@link ArchetypePluginIT}):
 * a Kiln of its own and Chromium, its first admin signed in, and the steps from a jar to a build
 * that ran on it. Starting and signing in are two steps, so a story can do slow work of its own
 * (building a plugin) while Kiln starts.
 */
final class PluginUploadSession implements AutoCloseable {

  private final KilnProcess kiln;
  private final Chromium browser;
  private Page page;

  private PluginUploadSession(KilnProcess kiln, Chromium browser) {
    this.kiln = kiln;
    this.browser = browser;
  }

  /** Starts Kiln in {@code home} with {@code env} added, and Chromium; both named {@code name}. */
  static PluginUploadSession start(Path home, String name, Map<String, String> env)
      throws IOException {
    var kiln = KilnProcess.start(home, name, env);
    try {
      return new PluginUploadSession(kiln, new Chromium(name));
    } catch (RuntimeException e) {
      kiln.close();
      throw e;
    }
  }

  /** Waits for Kiln, then signs its first admin in; the page ends on the projects list. */
  Page signIn() throws IOException, InterruptedException {
    kiln.awaitReady();
    page = browser.newPage();
    NewUserWalk.firstLogIn(kiln, browser, page);
    return page;
  }

  /** Goes to the projects list, Kiln's start page. */
  ProjectsScreen projects() {
    page.navigate(kiln.url());
    return ProjectsScreen.expect(page);
  }

  /** Goes to the projects list and opens a new project's form with {@code builder} chosen. */
  ProjectFormScreen newProjectOn(String builder) {
    return projects().newProject().builder(builder);
  }

  /**
   * Runs the saved project {@code project} from its page and expects its build to succeed with
   * {@code logText} in the log.
   */
  BuildScreen runSucceeds(String project, String logText) {
    var build = ProjectScreen.expect(page, project).runNow();
    build.awaitState("SUCCEEDED", Duration.ofSeconds(60));
    assertThat(build.log())
        .containsText(logText, new LocatorAssertions.ContainsTextOptions().setTimeout(10_000));
    return build;
  }

  KilnProcess kiln() {
    return kiln;
  }

  /** Saves a screenshot of the page, named after what it shows. */
  void screenshot(String name) {
    browser.screenshot(page, name);
  }

  /** Closes the browser, then stops Kiln. */
  @Override
  public void close() throws IOException {
    try (kiln) {
      browser.close();
    }
  }
}

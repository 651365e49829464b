package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * What a new user does first, in the browser: log in with the printed one-time password, choose a
 * password, create a project on the local builder, run it, watch its log grow, download its
 * artifact. The part after the log-in is {@link #buildAProject}, for users who log in some other
 * way.
 */
public final class NewUserWalk {

  public static final String PASSWORD = "a-long-password-for-tests";

  private NewUserWalk() {}

  /** A file of random bytes the build copies into its artifacts, to compare with the download. */
  public static Path input(Path dir) throws IOException {
    byte[] bytes = new byte[300_000];
    new Random(42).nextBytes(bytes);
    return Files.write(dir.resolve("input.bin"), bytes);
  }

  public static String script(Path input) {
    return """
        for i in $(seq 1 30); do echo "line $i"; sleep 0.25; done
        mkdir -p dist
        cp '%s' dist/input.bin
        """
        .formatted(input.toAbsolutePath());
  }

  /** Logs in for the first time and sets {@link #PASSWORD}; ends on the projects list. */
  public static ProjectsScreen firstLogIn(KilnProcess kiln, Chromium browser, Page page)
      throws IOException {
    var login = LoginScreen.open(page, kiln.url());
    browser.screenshot(page, "login");
    login.logIn("admin", "not-the-password");
    assertThat(page.getByText("Incorrect username or password")).isVisible();
    String oneTime =
        kiln.oneTimePassword()
            .orElseThrow(() -> new AssertionError("no one-time password printed"));
    login.logIn("admin", oneTime);
    var password = PasswordScreen.expect(page);
    browser.screenshot(page, "set-password");
    password.choose(oneTime, PASSWORD);
    return ProjectsScreen.expect(page);
  }

  /** The whole walk; returns the id of the build it ran. */
  public static long walk(KilnProcess kiln, Chromium browser, Path input) throws IOException {
    Page page = browser.newPage();
    return buildAProject(kiln, browser, firstLogIn(kiln, browser, page), input);
  }

  /**
   * From the empty projects list of a user who may create projects: creates one on the local
   * builder, runs it, watches its log, downloads its artifact. Returns the id of the build it ran.
   */
  public static long buildAProject(
      KilnProcess kiln, Chromium browser, ProjectsScreen projects, Path input) throws IOException {
    Page page = projects.page();
    assertThat(projects.emptyState()).isVisible();
    browser.screenshot(page, "projects-empty");

    var form = projects.newProject();
    assertThat(form.builder()).hasText("Local shell");
    // SSH, Docker and GitHub Actions run on instances an admin sets up; none exist on a fresh Kiln.
    assertThat(form.builderChoices()).containsExactly("Local shell");
    form.name("wheels").script(script(input)).artifacts("dist/[oops");
    form.save();
    assertThat(form.error("project-artifacts")).containsText("is not a valid glob");
    browser.screenshot(page, "project-form-invalid-glob");
    form.artifacts("dist/*\n" + "**a".repeat(17) + "**b").save();
    assertThat(form.error("project-artifacts"))
        .containsText("has 18 wildcards (*, **, ?, [...]); a pattern may have at most 16");
    browser.screenshot(page, "project-form-pattern-over-limit");
    form.artifacts("dist/*").save();

    var project = ProjectScreen.expect(page, "wheels");
    browser.screenshot(page, "project");
    var build = project.runNow();
    long buildId = build.id();
    assertThat(build.log())
        .containsText("line 3", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
    assertThat(build.state()).hasAttribute("data-state", "RUNNING");
    assertThat(build.log()).not().containsText("line 30");
    browser.screenshot(page, "build-running");

    build.awaitState("SUCCEEDED", Duration.ofSeconds(60));
    assertThat(build.log()).containsText("line 30");
    assertThat(build.log()).containsText("line 1\n"); // a short log is shown whole
    assertThat(build.log()).not().containsText("Earlier output is not shown");
    assertThat(build.reason()).hasText("The script exited with code 0.");
    browser.screenshot(page, "build-succeeded");
    assertThat(build.download("dist/input.bin")).isEqualTo(Files.readAllBytes(input));

    page.locator("a").filter(new Locator.FilterOptions().setHasText("wheels")).first().click();
    var history = page.locator("#builds vaadin-grid-cell-content");
    assertThat(history.filter(new Locator.FilterOptions().setHasText("SUCCEEDED"))).hasCount(1);
    browser.screenshot(page, "project-history");
    page.navigate(kiln.url());
    assertThat(ProjectsScreen.expect(page).emptyState()).isHidden();
    browser.screenshot(page, "projects");
    return buildId;
  }
}

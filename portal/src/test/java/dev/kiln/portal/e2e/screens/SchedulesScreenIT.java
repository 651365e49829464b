package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Page;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.SystemBuilds;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectMembers;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.schedule.MisfirePolicy;
import dev.kiln.portal.schedule.OverlapPolicy;
import dev.kiln.portal.schedule.ScheduleDraft;
import dev.kiln.portal.schedule.ScheduleInfo;
import dev.kiln.portal.schedule.ScheduleService;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Schedules tab in the browser: a maintainer adds a schedule and sees it explained with its
 * next fire times in its zone; bad expressions and zones are marked on their field and nothing is
 * saved; pause, resume, edit, the fires and delete work; a viewer sees the list and changes
 * nothing.
 */
class SchedulesScreenIT extends KilnSpringTest {

  private static final String PASSWORD = "a long enough password";
  private static final AtomicInteger names = new AtomicInteger();

  /** A fire time in Berlin as the dialog lists it, at 03:mm for "H 3 * * *". */
  private static final Pattern BERLIN_AT_THREE =
      Pattern.compile("\\w{3} \\d{4}-\\d\\d-\\d\\d 03:\\d\\d:00 CES?T");

  @Autowired UserService users;
  @Autowired ProjectService projects;
  @Autowired ProjectMembers members;
  @Autowired ScheduleService schedules;
  @Autowired BuildService builds;
  @Autowired SystemBuilds systemBuilds;
  @LocalServerPort int port;

  private String maintainer;
  private String viewer;
  private long project;

  @BeforeEach
  void team() {
    int n = names.incrementAndGet();
    maintainer = "sched-maintainer-" + n;
    viewer = "sched-viewer-" + n;
    TestUsers.create(users, maintainer, PASSWORD, Role.MAINTAINER);
    TestUsers.create(users, viewer, PASSWORD, Role.VIEWER);
    project =
        asMaintainer(
            () ->
                projects.create(
                    new ProjectDraft(
                        "schedules-ui-" + n,
                        "",
                        "local",
                        Map.of("kill-grace-seconds", "1"),
                        "echo scheduled\n",
                        List.of(),
                        Duration.ofMinutes(1))));
    asMaintainer(() -> members.add(project, viewer, ProjectRole.VIEWER));
    asMaintainer(
        () -> {
          projects.declareParameters(
              project,
              List.of(
                  new ParameterDeclaration(
                      "CHANNEL", "Where the build is published", "stable", List.of(), "[a-z]+")));
          return null;
        });
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void maintainerAddsPausesEditsAndDeletesSchedulesAndBadInputSavesNothing() {
    try (var browser = new Chromium("schedules")) {
      Page page = browser.newPage();
      // The browser's zone is a new schedule's default: make it one the machine is unlikely to be
      // in.
      var tokyo = new JsonObject();
      tokyo.addProperty("timezoneId", "Asia/Tokyo");
      page.context().newCDPSession(page).send("Emulation.setTimezoneOverride", tokyo);
      logIn(page, maintainer);
      var tab = SchedulesScreen.open(page);
      assertThat(page.getByText("No schedules yet.")).isVisible();

      var form = tab.add();
      assertThat(form.input("zone")).hasValue("Asia/Tokyo");
      form.name("nightly").expression("H 3 * * *").zone("Europe/Berlin");
      assertThat(form.input("zone")).hasValue("Europe/Berlin");
      assertThat(form.nextFires()).hasCount(5);
      for (int i = 0; i < 5; i++) {
        assertThat(form.nextFires().nth(i)).hasText(BERLIN_AT_THREE);
      }
      assertThat(form.description()).containsText("03:");
      assertThat(form.saveButton()).isEnabled();
      browser.screenshot(page, "add-nightly-in-berlin");
      form.saveAndClose();
      assertThat(tab.cell("nightly")).isVisible();
      ScheduleInfo nightly = asMaintainer(() -> schedules.list(project)).getFirst();
      assertThat(tab.zoneAndNextFire(nightly.id())).containsText("Europe/Berlin");
      assertThat(tab.nextFire(nightly.id())).hasText(BERLIN_AT_THREE);
      assertThat(nightly.expression()).isEqualTo("H 3 * * *");
      assertThat(nightly.timeZone()).isEqualTo("Europe/Berlin");
      assertThat(nightly.enabled()).isTrue();
      browser.screenshot(page, "schedules-grid");

      form = tab.add();
      form.name("broken").expression("*/0 * * * *");
      assertThat(form.error("expression")).containsText("step of 0");
      assertThat(form.field("expression")).hasAttribute("invalid", "");
      assertThat(form.nextFires()).hasCount(0);
      assertThat(form.saveButton()).isDisabled();
      browser.screenshot(page, "zero-step-refused");
      form.expression("0 0 31 2 *");
      assertThat(form.error("expression")).containsText("never fires");
      assertThat(form.saveButton()).isDisabled();
      browser.screenshot(page, "february-31-never-fires");
      form.expression("0 4 * * *");
      assertThat(form.nextFires()).hasCount(5);
      assertThat(form.field("expression")).not().hasAttribute("invalid", "");
      form.zone("Mars/Olympus");
      assertThat(form.error("zone")).containsText("Unknown time zone");
      assertThat(form.field("zone")).hasAttribute("invalid", "");
      assertThat(form.nextFires()).hasCount(0);
      assertThat(form.saveButton()).isDisabled();
      browser.screenshot(page, "unknown-zone-refused");
      // A clash only the service sees: the name is taken. Refused on save, shown on the name.
      form.zone("UTC").name("Nightly");
      assertThat(form.saveButton()).isEnabled();
      form.save();
      assertThat(form.error("name")).containsText("already has a schedule named");
      browser.screenshot(page, "name-taken");
      form.cancel();
      assertThat(asMaintainer(() -> schedules.list(project)))
          .as("nothing bad was saved")
          .extracting(ScheduleInfo::name)
          .containsExactly("nightly");
      page.reload();
      tab = SchedulesScreen.open(page);
      assertThat(tab.cell("nightly")).isVisible();
      assertThat(tab.cell("broken")).hasCount(0);

      tab.toggle(nightly.id());
      assertThat(tab.state(nightly.id())).hasText("Paused");
      assertThat(tab.nextFire(nightly.id())).hasText("paused");
      assertThat(asMaintainer(() -> schedules.list(project)).getFirst().enabled()).isFalse();
      browser.screenshot(page, "paused");
      tab.toggle(nightly.id());
      assertThat(tab.state(nightly.id())).hasText("Enabled");
      assertThat(asMaintainer(() -> schedules.list(project)).getFirst().enabled()).isTrue();

      form = tab.edit(nightly.id());
      assertThat(form.input("expression")).hasValue("H 3 * * *");
      form.parameter("CHANNEL", "nightly");
      form.saveAndClose();
      assertThat(asMaintainer(() -> schedules.list(project)).getFirst().parameters())
          .isEqualTo(Map.of("CHANNEL", "nightly"));

      tab.delete(nightly.id());
      assertThat(page.getByText("No schedules yet.")).isVisible();
      assertThat(asMaintainer(() -> schedules.list(project))).isEmpty();
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void firesLinkToTheirBuildsAndViewersOnlyLook() {
    // Every second, which takes an admin.
    long every =
        as(
            "admin",
            List.of("ROLE_ADMIN"),
            () ->
                schedules.create(
                    project,
                    new ScheduleDraft(
                        "tick",
                        "* * * * * ?",
                        "UTC",
                        true,
                        MisfirePolicy.SKIP,
                        OverlapPolicy.SKIP,
                        Map.of())));
    await(
        "a fire that queued a build",
        Duration.ofSeconds(30),
        () ->
            asMaintainer(() -> schedules.fires(every, 5)).stream()
                .anyMatch(f -> f.buildId() != null));
    asMaintainer(
        () -> {
          schedules.setEnabled(every, false);
          return null;
        });
    try (var browser = new Chromium("schedules-viewer")) {
      Page page = logIn(browser.newPage(), viewer);
      var tab = SchedulesScreen.open(page);
      assertThat(tab.cell("tick")).isVisible();
      assertThat(tab.state(every)).hasText("Paused");
      assertThat(tab.addButton()).isHidden();
      for (String action : List.of("edit", "toggle", "delete")) {
        assertThat(tab.button(action, every)).hasCount(0);
      }
      browser.screenshot(page, "viewer-sees-the-list");

      var fires = tab.fires(every);
      assertThat(fires).containsText("test-node");
      assertThat(fires).containsText("Queued build");
      browser.screenshot(page, "fires");
      fires.getByText("Open build").first().click();
      assertThat(page.locator("#build-state")).isVisible();
    } finally {
      asMaintainer(
          () -> {
            schedules.delete(every);
            systemBuilds.activeOf(project).forEach(b -> builds.cancel(b.id(), "test"));
            return null;
          });
    }
  }

  private Page logIn(Page page, String user) {
    page.navigate(url("/login"));
    page.locator("vaadin-login-form")
        .waitFor(); // the first page a fresh portal serves can take a while
    new LoginScreen(page).logIn(user, PASSWORD);
    page.locator("#projects, #no-projects").first().waitFor();
    page.navigate(url("/projects/" + project));
    page.locator("#project-tabs").waitFor();
    return page;
  }

  private <T> T asMaintainer(Supplier<T> call) {
    return as(maintainer, List.of("ROLE_MAINTAINER"), call);
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}

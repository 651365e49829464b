package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.instance.BuilderInstances;
import dev.kiln.portal.instance.InstanceAdministration;
import dev.kiln.portal.instance.InstanceDraft;
import dev.kiln.portal.instance.InstanceInfo;
import dev.kiln.portal.node.NodeService;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * The build queue with real Quartz and PostgreSQL on the local builder: an instance's limit, the
 * node's runner threads, priorities, and how the build page and the Nodes screen show the queue.
 * Builds wait on a gate file each, so the test decides when each one ends.
 */
@WithMockUser(username = "queue-admin", roles = "ADMIN")
class BuildQueueIT extends KilnSpringTest {

  private static final String PASSWORD = "a long enough password";
  private static final Duration START = Duration.ofSeconds(60);

  /** {@code org.quartz.jobStore.clusterCheckinInterval} in application.yml. */
  private static final Duration QUARTZ_CHECK_IN = Duration.ofSeconds(2);

  private static final AtomicInteger names = new AtomicInteger();

  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired BuilderInstances instances;
  @Autowired InstanceAdministration instanceAdmin;
  @Autowired UserService users;
  @Autowired NodeService nodes;
  @Autowired JdbcClient jdbc;
  @LocalServerPort int port;
  @TempDir Path gates;

  private final List<Long> started = new ArrayList<>();

  @BeforeAll
  static void patientAssertions() {
    // Playwright's 5 s are short for a first page load on a machine busy with builds and other
    // tests.
    PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
  }

  @AfterEach
  void openEveryGateAndLiftTheLimit() throws IOException {
    Files.writeString(gates.resolve("all"), "");
    for (long build : started) {
      await("build " + build + " to end", Duration.ofSeconds(90), () -> state(build).isFinal());
    }
    limitLocal(null);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void instanceLimitQueuesBuildsAndHigherPriorityJumpsAhead() throws IOException {
    limitLocal(1);
    long low = project("queue-low", 0);
    long high = project("queue-high", 5);
    long first = run(low);
    await("the first build to run", START, () -> state(first) == BuildState.RUNNING);
    long second = run(low);
    long third = run(low);
    await("the others to wait for the limit", START, () -> waiting(second) && waiting(third));
    assertThat(builds.queuePosition(second))
        .hasValueSatisfying(p -> assertThat(p.position()).isEqualTo(1));
    assertThat(builds.queuePosition(third))
        .hasValueSatisfying(p -> assertThat(p.position()).isEqualTo(2));
    assertThat(running()).isEqualTo(1);

    long urgent;
    try (var browser = new Chromium("queue")) {
      Page page = logIn(browser);
      page.navigate(url("/builds/" + second));
      assertThat(page.locator("#build-queue-position"))
          .hasText("1st of 2, waiting for its instance's limit");
      page.navigate(url("/builds/" + third));
      assertThat(page.locator("#build-queue-position"))
          .hasText("2nd of 2, waiting for its instance's limit");
      browser.screenshot(page, "build-waiting-2nd");

      urgent = run(high); // queued last, taken first
      await("the urgent build to wait too", START, () -> waiting(urgent));
      assertThat(builds.queuePosition(urgent))
          .hasValueSatisfying(p -> assertThat(p.position()).isEqualTo(1));
      assertThat(builds.queuePosition(second))
          .hasValueSatisfying(p -> assertThat(p.position()).isEqualTo(2));
      // The page looks again by itself while the build is queued.
      assertThat(page.locator("#build-queue-position"))
          .hasText("3rd of 3, waiting for its instance's limit");

      var nodes = NodesScreen.open(page);
      assertThat(nodes.nodes()).containsText("test-node");
      assertThat(nodes.nodes().locator(".state-up")).hasText("UP");
      assertThat(nodes.nodes()).containsText(name(low) + " #1");
      assertThat(nodes.queue().locator("[data-build='" + urgent + "']")).hasText("1");
      assertThat(nodes.queue().locator("[data-build='" + second + "']")).hasText("2");
      assertThat(nodes.queue().locator("[data-build='" + third + "']")).hasText("3");
      assertThat(nodes.queue()).containsText("is at its limit");
      assertThat(nodes.queueSummary())
          .hasText("3 queued, 3 of them waiting for an instance's limit.");
      browser.screenshot(page, "nodes-with-queue");

      open(first);
      await("the urgent build to run next", START, () -> state(urgent) == BuildState.RUNNING);
      assertThat(state(second)).isEqualTo(BuildState.QUEUED);
      assertThat(nodes.queue().locator("[data-build='" + second + "']"))
          .hasText("1"); // the screen refreshes itself
      assertThat(nodes.nodes()).containsText(name(high) + " #1");
      browser.screenshot(page, "nodes-after-one-ended");
      open(urgent);
      await("the second to run", START, () -> state(second) == BuildState.RUNNING);
      open(second);
      await("the third to run", START, () -> state(third) == BuildState.RUNNING);
      open(third);
      await("the third to end", START, () -> state(third).isFinal());
    }
    List<BuildInfo> done =
        List.of(first, urgent, second, third).stream()
            .map(id -> builds.find(id).orElseThrow())
            .sorted(Comparator.comparing(BuildInfo::startedAt))
            .toList();
    assertThat(done).extracting(BuildInfo::id).containsExactly(first, urgent, second, third);
    for (int i = 1; i < done.size(); i++) { // never two at once on an instance limited to one
      assertThat(done.get(i).startedAt()).isAfterOrEqualTo(done.get(i - 1).finishedAt());
    }
    assertThat(done).extracting(BuildInfo::state).containsOnly(BuildState.SUCCEEDED);
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void raisingTheLimitStartsAsManyWaitingBuildsAsItMakesRoomFor() {
    limitLocal(1);
    long project = project("queue-raise", 0);
    long first = run(project);
    await("the first build to run", START, () -> state(first) == BuildState.RUNNING);
    long second = run(project);
    long third = run(project);
    long fourth = run(project);
    await("three to wait", START, () -> waiting(second) && waiting(third) && waiting(fourth));
    limitLocal(3);
    // The limit's change releases both at once (the 15 s sweep would take longer, and used to
    // release one).
    await(
        "two more to run",
        Duration.ofSeconds(12),
        () -> state(second) == BuildState.RUNNING && state(third) == BuildState.RUNNING);
    assertThat(state(fourth)).isEqualTo(BuildState.QUEUED);
    assertThat(running()).isEqualTo(3);
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void runnerThreadsBoundTheBuildsANodeRunsAndTakeTheHighestPriorityFirst() throws Exception {
    int threads = 4; // kiln.builds.runner-threads in tests: the default
    long low = project("queue-threads", -2);
    List<Long> lows = new ArrayList<>();
    for (int i = 0; i < threads + 1; i++) {
      lows.add(run(low));
    }
    await(threads + " builds to run", START, () -> running() == threads);
    long queuedAt = System.currentTimeMillis();
    long urgent = run(project("queue-threads-urgent", 3));
    // Quartz's cluster check-ins come from the runner's own scheduler every 2 s: two of them after
    // the urgent build was queued show a live scheduler that had that long to start it, and never
    // more than the node's threads run meanwhile.
    await(
        "the runner's scheduler to check in twice with the urgent build queued",
        START,
        () -> {
          assertThat(running()).as("builds running at once").isLessThanOrEqualTo(threads);
          return lastQuartzCheckIn() > queuedAt + 2 * QUARTZ_CHECK_IN.toMillis();
        });
    assertThat(running()).isEqualTo(threads);
    long left =
        lows.stream().filter(id -> state(id) == BuildState.QUEUED).findFirst().orElseThrow();
    assertThat(waiting(left))
        .as("waits for a runner thread, not for an instance's limit")
        .isFalse();
    assertThat(state(urgent)).isEqualTo(BuildState.QUEUED);

    open(lows.stream().filter(id -> state(id) == BuildState.RUNNING).findFirst().orElseThrow());
    await(
        "the urgent build to take the freed thread",
        START,
        () -> state(urgent) == BuildState.RUNNING);
    assertThat(state(left)).isEqualTo(BuildState.QUEUED);
    assertThat(running()).isEqualTo(threads);
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void formsKeepPriorityRetriesAndLimitAndRefuseValuesOutOfRange() {
    long project = project("queue-form", 4, 3);
    InstanceInfo local = local();
    try (var browser = new Chromium("queue-forms")) {
      Page page = logIn(browser);
      page.navigate(url("/projects/edit/" + project));
      var form = ProjectFormScreen.expect(page);
      assertThat(page.locator("#project-priority input")).hasValue("4");
      assertThat(page.locator("#project-retries input")).hasValue("3");
      page.locator("#project-description textarea").fill("changed, nothing else");
      form.save();
      ProjectScreen.expect(page, name(project));
      assertThat(projects.draft(project).priority()).as("the form keeps the priority").isEqualTo(4);
      assertThat(projects.draft(project).retries()).as("the form keeps the retries").isEqualTo(3);

      page.navigate(url("/projects/edit/" + project));
      form = ProjectFormScreen.expect(page).priority("11").retries("6");
      form.save();
      assertThat(form.error("project-priority"))
          .hasText("Give a priority from -10 to 10 (0 is normal).");
      assertThat(form.error("project-retries")).hasText("Give from 0 to 5 retries.");
      browser.screenshot(page, "project-form-priority-retries-refused");
      assertThat(projects.draft(project).priority()).isEqualTo(4);
      form.priority("-3").retries("0").save();
      ProjectScreen.expect(page, name(project));
      assertThat(projects.draft(project).priority()).isEqualTo(-3);
      assertThat(projects.draft(project).retries()).isZero();
      page.navigate(url("/projects/edit/" + project));
      assertThat(page.locator("#project-priority input")).hasValue("-3");
      browser.screenshot(page, "project-form-priority-retries");

      var buildersScreen = BuildersScreen.open(page);
      buildersScreen.edit(local.id());
      Locator max = page.locator("#instance-max-concurrent");
      assertThat(max.locator("input")).hasValue("");
      max.locator("input").fill("0");
      page.locator("#save-instance").click();
      assertThat(page.locator("#instance-max-concurrent[invalid] [slot='error-message']"))
          .hasText("Give from 1 to 1000 builds at once, or leave it empty for no limit.");
      browser.screenshot(page, "instance-form-limit-refused");
      assertThat(local().maxConcurrent()).isNull();
      max.locator("input").fill("2");
      browser.screenshot(page, "instance-form-limit");
      page.locator("#save-instance").click();
      assertThat(page.locator("vaadin-dialog-overlay[opened]")).hasCount(0);
      assertThat(local().maxConcurrent()).isEqualTo(2);
      browser.screenshot(page, "builders-with-limit");
      buildersScreen.edit(local.id());
      assertThat(page.locator("#instance-max-concurrent input")).hasValue("2");
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aNodeThatStoppedCheckingInShowsAsMissing() {
    jdbc.sql(
            """
        insert into nodes (name, roles, runner_threads, version, started_at, last_seen_at)
        values ('gone-node', 'runner', 8, 'dev', now() - interval '1 hour', now() - interval '30 seconds')""")
        .update();
    try {
      assertThat(nodes.nodes())
          .filteredOn(n -> n.name().equals("gone-node"))
          .singleElement()
          .satisfies(n -> assertThat(n.up()).isFalse())
          .satisfies(
              n -> assertThat(n.sinceCheckIn()).isGreaterThanOrEqualTo(Duration.ofSeconds(30)));
      assertThat(nodes.nodes())
          .filteredOn(n -> n.name().equals("test-node"))
          .singleElement()
          .satisfies(n -> assertThat(n.up()).isTrue())
          .satisfies(
              n -> assertThat(n.roles()).containsExactly("runner", "scheduler", "uploader", "web"));
      try (var browser = new Chromium("nodes")) {
        Page page = logIn(browser);
        var screen = NodesScreen.open(page);
        assertThat(screen.nodes().locator(".state-missing")).hasText("MISSING");
        assertThat(screen.nodes().locator(".state-up")).hasText("UP");
        assertThat(screen.nodes()).containsText("gone-node");
        assertThat(screen.queueSummary())
            .hasText("Runners take queued builds by priority, then the oldest first.");
        browser.screenshot(page, "nodes-one-missing");
      }
    } finally {
      jdbc.sql("delete from nodes where name = 'gone-node'").update();
    }
  }

  private Page logIn(Chromium browser) {
    String admin = "queue-admin-" + names.incrementAndGet();
    TestUsers.create(users, admin, PASSWORD, Role.ADMIN);
    Page page = browser.newPage();
    LoginScreen.open(page, url("/login")).logIn(admin, PASSWORD);
    ProjectsScreen.expect(page);
    return page;
  }

  private long project(String prefix, int priority) {
    return project(prefix, priority, 1);
  }

  private long project(String prefix, int priority, int retries) {
    String gate = gates.toString();
    return projects.create(
        new ProjectDraft(
            prefix + "-" + names.incrementAndGet(),
            "",
            "local",
            Map.of("kill-grace-seconds", "1"),
            """
            while [ ! -e '%s/'"$KILN_BUILD_ID" ] && [ ! -e '%s/all' ]; do sleep 0.2; done
            echo "gate opened"
            """
                .formatted(gate, gate),
            List.of(),
            Duration.ofMinutes(10),
            List.of(),
            null,
            priority,
            retries));
  }

  private String name(long project) {
    return projects.find(project).orElseThrow().name();
  }

  private long run(long project) {
    long id = projects.runNow(project, "queue test");
    started.add(id);
    return id;
  }

  private void open(long build) {
    try {
      Files.writeString(gates.resolve(String.valueOf(build)), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private BuildState state(long build) {
    return builds.find(build).orElseThrow().state();
  }

  private boolean waiting(long build) {
    BuildInfo info = builds.find(build).orElseThrow();
    return info.state() == BuildState.QUEUED && info.waiting();
  }

  private long running() {
    return started.stream().filter(id -> state(id) == BuildState.RUNNING).count();
  }

  /** When the runner's Quartz scheduler last checked in with the cluster, by its own clock. */
  private long lastQuartzCheckIn() {
    return jdbc.sql(
            "select max(last_checkin_time) from qrtz_scheduler_state where sched_name = 'kiln'")
        .query(Long.class)
        .single();
  }

  private InstanceInfo local() {
    return instances.list().stream()
        .filter(i -> i.automatic() && i.builderId().equals("local"))
        .findFirst()
        .orElseThrow();
  }

  private void limitLocal(Integer max) {
    for (int attempt = 1; ; attempt++) {
      InstanceInfo local = local();
      try {
        instanceAdmin.update(
            local.id(), local.updatedAt(), new InstanceDraft(local.name(), "local", Map.of(), max));
        return;
      } catch (ObjectOptimisticLockingFailureException e) {
        if (attempt == 5) {
          throw e; // a health check finishing meanwhile changes the row; more than a few in a row
          // is a bug
        }
      }
    }
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}

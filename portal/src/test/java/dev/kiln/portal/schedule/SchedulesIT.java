package dev.kiln.portal.schedule;

import static dev.kiln.portal.FinishedBuilds.awaitFinal;
import static dev.kiln.portal.FinishedBuilds.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.build.SystemBuilds;
import dev.kiln.portal.build.TriggerKind;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Schedules fire through Quartz on the real database: once per fire time, with their parameters,
 * following their overlap policy; a bad expression or zone is refused and nothing is stored.
 */
@WithMockUser(username = "admin", roles = "ADMIN")
class SchedulesIT extends KilnSpringTest {

  private static final AtomicInteger names = new AtomicInteger();

  @Autowired ScheduleService schedules;
  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired SystemBuilds systemBuilds;
  @Autowired JdbcClient jdbc;
  @Autowired ScheduleQuartz quartz;

  @Test
  void theExpressionCheckAllowsWhatQuartzsOwnColumnHolds() {
    assertThat(
            jdbc.sql(
                    """
        select character_maximum_length from information_schema.columns
        where table_schema = current_schema() and table_name = 'qrtz_cron_triggers' and column_name = 'cron_expression'""")
                .query(Integer.class)
                .single())
        .isEqualTo(ScheduleTriggers.QUARTZ_EXPRESSION_LENGTH);
  }

  @Test
  void firesOncePerFireTimeWithItsParametersUntilPaused() throws IOException {
    long project = project("echo \"greeting=$GREETING\"");
    projects.declareParameters(project, List.of(ParameterDeclaration.free("GREETING")));
    long id =
        schedules.create(
            project,
            new ScheduleDraft(
                "every two seconds",
                "*/2 * * * * ?",
                "UTC",
                true,
                MisfirePolicy.SKIP,
                OverlapPolicy.QUEUE,
                Map.of("GREETING", "hello")));
    assertThat(schedules.list(project))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.nextFire()).isAfter(Instant.now().minusSeconds(1));
              assertThat(s.description()).isNotBlank();
            });

    await(
        "three fires with builds",
        Duration.ofSeconds(30),
        () -> schedules.fires(id, 10).stream().filter(f -> f.buildId() != null).count() >= 3);
    schedules.setEnabled(id, false);
    List<FireInfo> fires = schedules.fires(id, 100);
    assertThat(fires).allSatisfy(f -> assertThat(f.fireTime().getEpochSecond() % 2).isZero());
    assertThat(fires).extracting(FireInfo::fireTime).doesNotHaveDuplicates();
    assertThat(fires).extracting(FireInfo::buildId).doesNotHaveDuplicates();

    BuildInfo first = awaitFinal(builds, fires.getLast().buildId());
    assertThat(first.triggerKind()).isEqualTo(TriggerKind.SCHEDULE);
    assertThat(first.triggeredBy()).isEqualTo("schedule: every two seconds");
    assertThat(log(builds, first.id())).contains("greeting=hello");

    int firesWhenPaused = schedules.fires(id, 100).size();
    Instant paused = Instant.now();
    awaitFiresOfAnotherScheduleAfter(paused, "*/2 * * * * ?", 2);
    assertThat(schedules.fires(id, 100))
        .as("a paused schedule does not fire while one with the same times does")
        .hasSize(firesWhenPaused);
    assertThat(schedules.list(project).getFirst().nextFire()).isNull();
  }

  @Test
  void skipsAFireTimeWhileItsProjectStillBuilds() {
    long project = project("sleep 4");
    long id =
        schedules.create(
            project,
            new ScheduleDraft(
                "every second",
                "* * * * * ?",
                "UTC",
                true,
                MisfirePolicy.SKIP,
                OverlapPolicy.SKIP,
                Map.of()));
    await(
        "a skipped fire",
        Duration.ofSeconds(30),
        () ->
            schedules.fires(id, 20).stream()
                .anyMatch(f -> f.outcome().startsWith("Skipped: build #1 is still")));
    schedules.delete(id);
    assertThat(builds.history(project, PageRequest.of(0, 50)))
        .as("one build; the others were skipped")
        .hasSize(1);
    builds.history(project, PageRequest.of(0, 50)).forEach(b -> builds.cancel(b.id(), "test"));
  }

  @Test
  void cancelsTheRunningBuildWhenItsPolicySaysSo() {
    long project = project("sleep 30");
    long first = projects.runNow(project, "test");
    await(
        "the first build to run",
        Duration.ofSeconds(30),
        () -> builds.find(first).orElseThrow().state() == BuildState.RUNNING);
    long id =
        schedules.create(
            project,
            new ScheduleDraft(
                "replace",
                "* * * * * ?",
                "UTC",
                true,
                MisfirePolicy.SKIP,
                OverlapPolicy.CANCEL_RUNNING,
                Map.of()));
    await(
        "the first build cancelled by the schedule",
        Duration.ofSeconds(30),
        () -> builds.find(first).orElseThrow().state() == BuildState.CANCELLED);
    schedules.delete(id);
    assertThat(builds.find(first).orElseThrow().reason()).contains("schedule: replace");
    builds.history(project, PageRequest.of(0, 50)).forEach(b -> builds.cancel(b.id(), "test"));
  }

  /**
   * With the schedules' scheduler stopped (as if every scheduler node were down) past the misfire
   * threshold (3 s in tests), a skipping schedule fires next at its next fire time, while a
   * catching-up one fires once at once, whatever it missed.
   */
  @Test
  void missedFiresFollowEachSchedulesPolicyWhenSchedulersReturn() throws Exception {
    long skipping = project("true");
    long catchingUp = project("true");
    // Every 20 s, so a 10 s stop misses at most one and the next is still ahead.
    long skip =
        schedules.create(
            skipping,
            new ScheduleDraft(
                "skip",
                "*/20 * * * * ?",
                "UTC",
                true,
                MisfirePolicy.SKIP,
                OverlapPolicy.QUEUE,
                Map.of()));
    long once =
        schedules.create(
            catchingUp,
            new ScheduleDraft(
                "once",
                "*/20 * * * * ?",
                "UTC",
                true,
                MisfirePolicy.RUN_ONCE,
                OverlapPolicy.QUEUE,
                Map.of()));
    Instant next = schedules.list(skipping).getFirst().nextFire();
    Instant missed =
        Duration.between(Instant.now(), next).toMillis() < 1500 ? next.plusSeconds(20) : next;
    // Stop just before the next fire time and start again well after it.
    sleepUntil(missed.minusMillis(500));
    quartz.scheduler().standby();
    Instant stopped = Instant.now();
    try {
      sleepUntil(missed.plusSeconds(8)); // the outage: a time to reach, not a wait for an event
    } finally {
      quartz.scheduler().start();
    }
    Instant restarted = Instant.now();
    await(
        "the catching-up schedule to fire",
        Duration.ofSeconds(15),
        () -> schedules.fires(once, 5).stream().anyMatch(f -> !f.fireTime().isBefore(missed)));
    List<FireInfo> caughtUp =
        schedules.fires(once, 5).stream()
            .filter(
                f ->
                    !f.fireTime().isBefore(missed)
                        && f.fireTime().isBefore(restarted.plusSeconds(5)))
            .toList();
    assertThat(caughtUp)
        .as("one fire for the missed time, when schedulers returned")
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.fireTime())
                  .isAfter(missed.plusSeconds(3)); // Quartz fires it "now": it is late
              assertThat(f.fireTime().toEpochMilli() % 20_000)
                  .as("not one of the cron's own times")
                  .isNotZero();
              assertThat(f.buildId()).isNotNull();
            });
    assertThat(schedules.fires(skip, 5))
        .as("the skipping schedule never fired for its missed time")
        .noneMatch(f -> !f.fireTime().isBefore(stopped) && f.fireTime().isBefore(restarted));
    // Its next own time proves Quartz has dealt with its missed one by now.
    await(
        "the skipping schedule's next own fire",
        Duration.ofSeconds(45),
        () -> schedules.fires(skip, 5).stream().anyMatch(f -> f.fireTime().isAfter(restarted)));
    assertThat(schedules.fires(skip, 5))
        .as("only the cron's own times, no catch-up")
        .allSatisfy(f -> assertThat(f.fireTime().toEpochMilli() % 20_000).isZero());
    schedules.delete(skip);
    schedules.delete(once);
  }

  @Test
  void aDeletedProjectsSchedulesStopFiring() {
    long project = project("true");
    long id =
        schedules.create(
            project,
            new ScheduleDraft(
                "doomed",
                "* * * * * ?",
                "UTC",
                true,
                MisfirePolicy.SKIP,
                OverlapPolicy.QUEUE,
                Map.of()));
    await("a fire", Duration.ofSeconds(15), () -> !schedules.fires(id, 1).isEmpty());
    await(
        "the project deleted",
        Duration.ofSeconds(30),
        () -> {
          try {
            systemBuilds.activeOf(project).forEach(b -> builds.cancel(b.id(), "test"));
            projects.delete(project);
            return true;
          } catch (IllegalStateException busy) {
            return false;
          }
        });
    await(
        "its Quartz trigger gone",
        Duration.ofSeconds(15),
        () ->
            jdbc.sql(
                        "select count(*) from qrtz_triggers where sched_name = 'kiln-schedules' and trigger_name = ?")
                    .param("schedule-" + id)
                    .query(Integer.class)
                    .single()
                == 0);
  }

  @Test
  void aFireThatCannotBuildSaysWhyAndTheNextFireStillComes() {
    long project = project("true");
    jdbc.sql("update projects set builder_instance_id = null, builder_id = 'vanished' where id = ?")
        .param(project)
        .update();
    long id =
        schedules.create(
            project,
            new ScheduleDraft(
                "orphan",
                "* * * * * ?",
                "UTC",
                true,
                MisfirePolicy.SKIP,
                OverlapPolicy.QUEUE,
                Map.of()));
    await(
        "two fires that say why they did not build",
        Duration.ofSeconds(20),
        () ->
            schedules.fires(id, 10).stream()
                    .filter(f -> f.outcome().startsWith("Not run: "))
                    .count()
                >= 2);
    schedules.setEnabled(id, false);
    assertThat(schedules.fires(id, 10))
        .allSatisfy(
            f -> {
              assertThat(f.buildId()).isNull();
              assertThat(f.outcome()).isEqualTo("Not run: Choose a builder.");
            });
    assertThat(builds.history(project, PageRequest.of(0, 10))).isEmpty();
    schedules.delete(id);
  }

  @Test
  void aFireThatFailsForGoodIsRecordedAtOnceWithoutHoldingAThread() {
    long project = project("true");
    long id =
        schedules.create(
            project,
            new ScheduleDraft(
                "damaged",
                "* * * * * ?",
                "UTC",
                true,
                MisfirePolicy.SKIP,
                OverlapPolicy.QUEUE,
                Map.of()));
    // Parameters no fire can read: each fire fails the same way, however often it is tried.
    jdbc.sql("update schedules set parameters_json = '[\"not\", \"a map\"]' where id = ?")
        .param(id)
        .update();
    await(
        "three fires recorded as not run",
        Duration.ofSeconds(20),
        () ->
            schedules.fires(id, 10).stream()
                    .filter(f -> f.outcome().startsWith("Not run: "))
                    .count()
                >= 3);
    // Paused as the fires see it (the service itself cannot read such a row either).
    jdbc.sql("update schedules set enabled = false, parameters_json = '{}' where id = ?")
        .param(id)
        .update();
    assertThat(schedules.fires(id, 100))
        .allSatisfy(
            f -> {
              assertThat(f.buildId()).isNull();
              assertThat(f.outcome()).startsWith("Not run: ");
            });
    assertThat(builds.history(project, PageRequest.of(0, 10))).isEmpty();
    schedules.delete(id);
  }

  @Test
  void refusesBadExpressionsAndZonesAndStoresNothing() {
    long project = project("true");
    int triggersBefore = scheduleTriggers();
    assertRefused(project, "*/0 * * * *", "UTC", ScheduleRefusedException.EXPRESSION, "step of 0");
    assertRefused(project, "0 0 31 2 *", "UTC", ScheduleRefusedException.EXPRESSION, "never fires");
    assertRefused(
        project,
        "0 3 * * *",
        "Moon/Tranquility",
        ScheduleRefusedException.TIME_ZONE,
        "Unknown time zone: Moon/Tranquility.");
    assertRefused(
        project,
        "0 3 * * *",
        "EST",
        ScheduleRefusedException.TIME_ZONE,
        "Abbreviations are ambiguous");
    assertRefused(
        project, "0 9 1 * MON", "UTC", ScheduleRefusedException.EXPRESSION, "matching either one");
    assertRefused(
        project,
        "0 25 * * *",
        "UTC",
        ScheduleRefusedException.EXPRESSION,
        "25 is out of range for the hour field");
    assertThatThrownBy(
            () ->
                schedules.create(
                    project,
                    new ScheduleDraft(
                        "params",
                        "0 3 * * *",
                        "UTC",
                        true,
                        MisfirePolicy.SKIP,
                        OverlapPolicy.QUEUE,
                        Map.of("KILN_BUILD_ID", "x"))))
        .isInstanceOfSatisfying(
            ScheduleRefusedException.class,
            e ->
                assertThat(e.problems())
                    .containsKey(ScheduleRefusedException.parameter("KILN_BUILD_ID")));
    assertThat(schedules.list(project)).isEmpty();
    assertThat(scheduleTriggers()).isEqualTo(triggersBefore);
  }

  @Test
  void hashSpreadIsStableForAProject() {
    long project = project("true");
    var preview = schedules.preview(project, "H H(1-4) * * *", "Europe/Paris");
    assertThat(schedules.preview(project, "H H(1-4) * * *", "Europe/Paris")).isEqualTo(preview);
    assertThat(preview.nextFireTimes())
        .hasSize(ScheduleService.PREVIEW_COUNT)
        .allSatisfy(t -> assertThat(t.getHour()).isBetween(1, 4));
  }

  private void assertRefused(
      long project, String expression, String zone, String field, String message) {
    assertThatThrownBy(
            () ->
                schedules.create(
                    project,
                    new ScheduleDraft(
                        "bad",
                        expression,
                        zone,
                        true,
                        MisfirePolicy.SKIP,
                        OverlapPolicy.QUEUE,
                        Map.of())))
        .isInstanceOfSatisfying(
            ScheduleRefusedException.class,
            e -> assertThat(e.problems().get(field)).contains(message));
  }

  private int scheduleTriggers() {
    return jdbc.sql("select count(*) from qrtz_triggers where sched_name = 'kiln-schedules'")
        .query(Integer.class)
        .single();
  }

  private long project(String script) {
    return projects.create(
        new ProjectDraft(
            "scheduled-" + names.incrementAndGet(),
            "",
            "local",
            Map.of(),
            script,
            List.of(),
            Duration.ofMinutes(1)));
  }

  /**
   * Waits until a schedule with the same cron on another project has fired {@code count} times
   * after {@code since}: the scheduler had that many chances to fire any schedule with those times.
   */
  private void awaitFiresOfAnotherScheduleAfter(Instant since, String cron, int count) {
    long witness =
        schedules.create(
            project("true"),
            new ScheduleDraft(
                "witness", cron, "UTC", true, MisfirePolicy.SKIP, OverlapPolicy.QUEUE, Map.of()));
    try {
      await(
          count + " fires of a schedule with the same times",
          Duration.ofSeconds(60),
          () ->
              schedules.fires(witness, 10).stream().filter(f -> f.fireTime().isAfter(since)).count()
                  >= count);
    } finally {
      schedules.delete(witness);
    }
  }

  private static void sleepUntil(Instant time) {
    Duration left = Duration.between(Instant.now(), time);
    if (left.isNegative()) {
      return;
    }
    try {
      Thread.sleep(left.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

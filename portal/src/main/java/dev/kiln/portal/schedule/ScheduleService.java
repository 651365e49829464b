package dev.kiln.portal.schedule;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.schedule.domain.Schedule;
import dev.kiln.portal.schedule.domain.ScheduleRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Projects' cron schedules. A schedule and its Quartz trigger are written in one transaction, so a
 * saved schedule always fires and a refused one never does.
 */
@Service
@Transactional
public class ScheduleService {

  /** How many next fire times a form shows. */
  public static final int PREVIEW_COUNT = 5;

  private final ScheduleRepository schedules;
  private final ScheduleStore store;
  private final ScheduleTriggers triggers;
  private final ScheduleChecks checks;
  private final FireHistory history;
  private final AuditLog audit;
  private final Clock clock;

  ScheduleService(
      ScheduleRepository schedules,
      ScheduleStore store,
      ScheduleTriggers triggers,
      ScheduleChecks checks,
      FireHistory history,
      AuditLog audit,
      Clock clock) {
    this.schedules = schedules;
    this.store = store;
    this.triggers = triggers;
    this.checks = checks;
    this.history = history;
    this.audit = audit;
    this.clock = clock;
  }

  /** A project's schedules, by name. */
  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayView(#projectId)")
  public List<ScheduleInfo> list(long projectId) {
    return schedules.findByProjectIdOrderByName(projectId).stream().map(this::info).toList();
  }

  /**
   * What an expression means, for a form to show while the user types: in words and its next fire
   * times in the schedule's zone.
   *
   * @throws InvalidScheduleException saying what is wrong with the expression or the zone
   */
  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayView(#projectId)")
  public Preview preview(long projectId, String expression, String timeZone) {
    return preview(projectId, expression, timeZone, null);
  }

  /**
   * As {@link #preview(long, String, String)}, and says beforehand when saving would be refused for
   * the field shown (a sub-minute expression by someone who is not an admin).
   *
   * @param scheduleId the schedule being edited, or {@code null} for a new one
   */
  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayView(#projectId)")
  public Preview preview(long projectId, String expression, String timeZone, Long scheduleId) {
    Schedule stored =
        scheduleId == null
            ? null
            : schedules
                .findById(scheduleId)
                .filter(s -> s.getProjectId() == projectId)
                .orElse(null);
    var draft = new ScheduleDraft(null, expression, timeZone, true, null, null, Map.of());
    var parsed =
        checks.expression(
            draft, stored != null ? stored : new Schedule(projectId, clock.instant()));
    return new Preview(
        parsed.description(),
        parsed.quartzExpression(),
        parsed.nextFireTimes(clock.instant(), PREVIEW_COUNT));
  }

  /**
   * Creates a schedule. One that fires more than once a minute needs an admin.
   *
   * @throws ScheduleRefusedException when something is wrong; nothing is saved then
   * @throws NoSuchElementException when the project does not exist
   */
  @PreAuthorize("@projectAccess.mayChange(#projectId)")
  public long create(long projectId, ScheduleDraft draft) {
    var schedule = new Schedule(projectId, clock.instant());
    long id = store.save(schedule, draft);
    audited(AuditAction.SCHEDULE_CREATED, schedule);
    return id;
  }

  /**
   * Replaces a schedule's settings.
   *
   * @param changedAt when the schedule the user edited was last changed; if it changed since,
   *     nothing is saved
   */
  @PreAuthorize("@projectAccess.mayChange(@scheduleService.projectOf(#id))")
  public void update(long id, Instant changedAt, ScheduleDraft draft) {
    Schedule schedule =
        schedules.findById(id).orElseThrow(() -> new NoSuchElementException("No schedule " + id));
    if (changedAt != null && !changedAt.equals(schedule.getUpdatedAt())) {
      throw ScheduleStore.conflict();
    }
    store.save(schedule, draft);
    audited(AuditAction.SCHEDULE_UPDATED, schedule);
  }

  /** Pauses or resumes a schedule. */
  @PreAuthorize("@projectAccess.mayChange(@scheduleService.projectOf(#id))")
  public void setEnabled(long id, boolean enabled) {
    Schedule schedule =
        schedules.findById(id).orElseThrow(() -> new NoSuchElementException("No schedule " + id));
    var draft = info(schedule).draft();
    store.save(
        schedule,
        new ScheduleDraft(
            draft.name(),
            draft.expression(),
            draft.timeZone(),
            enabled,
            draft.misfire(),
            draft.overlap(),
            draft.parameters()));
    audited(AuditAction.SCHEDULE_UPDATED, schedule);
  }

  @PreAuthorize("@projectAccess.mayChange(@scheduleService.projectOf(#id))")
  public void delete(long id) {
    Schedule schedule =
        schedules.findById(id).orElseThrow(() -> new NoSuchElementException("No schedule " + id));
    triggers.remove(id);
    schedules.delete(schedule);
    audited(AuditAction.SCHEDULE_DELETED, schedule);
  }

  /** A schedule's latest fire times and what came of each, newest first. */
  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayView(@scheduleService.projectOf(#id))")
  public List<FireInfo> fires(long id, int limit) {
    return history.latest(id, limit);
  }

  /**
   * The project a schedule belongs to, for the security expressions; -1 when there is no such
   * schedule.
   */
  @Transactional(readOnly = true)
  public long projectOf(long scheduleId) {
    return schedules.findById(scheduleId).map(Schedule::getProjectId).orElse(-1L);
  }

  private void audited(AuditAction action, Schedule s) {
    audit.record(
        AuditEvent.of(action, "schedule", s.getId(), s.getName())
            .inProject(s.getProjectId())
            .detail(
                s.getExpression()
                    + " ("
                    + s.getTimeZone()
                    + ")"
                    + (s.isEnabled() ? "" : ", paused")
                    + "; missed runs: "
                    + s.getMisfire().label().toLowerCase(Locale.ROOT)
                    + "; overlap: "
                    + s.getOverlap().label().toLowerCase(Locale.ROOT)));
  }

  private ScheduleInfo info(Schedule s) {
    return ScheduleInfo.of(s, s.isEnabled() ? triggers.nextFire(s.getId()) : null);
  }

  /**
   * An expression explained.
   *
   * @param description in words
   * @param quartzExpression what Quartz runs, with {@code H} replaced
   * @param nextFireTimes the next fire times in the schedule's zone
   */
  public record Preview(
      String description, String quartzExpression, List<ZonedDateTime> nextFireTimes) {}
}

package dev.kiln.portal.schedule;

import dev.kiln.portal.build.Parameters;
import dev.kiln.portal.schedule.domain.Schedule;
import dev.kiln.portal.schedule.domain.ScheduleRepository;
import java.time.Clock;
import java.util.Map;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Saves a schedule a user changed, and its Quartz trigger to match, in the caller's transaction:
 * the draft is checked first ({@link ScheduleChecks}), a refusal names the field, and a schedule
 * someone else changed meanwhile is not overwritten. {@link ScheduleService} checks who may.
 */
@Component
class ScheduleStore {

  private final ScheduleRepository schedules;
  private final ScheduleTriggers triggers;
  private final ScheduleChecks checks;
  private final Clock clock;

  ScheduleStore(
      ScheduleRepository schedules, ScheduleTriggers triggers, ScheduleChecks checks, Clock clock) {
    this.schedules = schedules;
    this.triggers = triggers;
    this.checks = checks;
    this.clock = clock;
  }

  /**
   * Gives the schedule the draft's settings, saves it and puts or removes its trigger.
   *
   * @return the schedule's id
   * @throws ScheduleRefusedException when something is wrong; nothing is saved then
   */
  long save(Schedule schedule, ScheduleDraft draft) {
    ScheduleChecks.Checked checked = checks.check(schedule, draft);
    ScheduleExpression parsed = checked.expression();
    schedule.configure(
        checked.name(),
        parsed.expression(),
        parsed.zone().getId(),
        draft.enabled(),
        draft.misfire(),
        draft.overlap(),
        Parameters.write(draft.parameters()),
        clock.instant());
    schedule.note(
        null); // whatever Kiln noted (a pause when parameters became declared) is dealt with
    Schedule saved;
    try {
      saved = schedules.saveAndFlush(schedule);
    } catch (DataIntegrityViolationException e) {
      throw checks.refusal(e, schedule.getProjectId(), checked.name());
    } catch (ObjectOptimisticLockingFailureException e) {
      throw conflict();
    }
    if (saved.isEnabled()) {
      triggers.put(saved.getId(), parsed, saved.getMisfire());
    } else {
      triggers.remove(saved.getId());
    }
    return saved.getId();
  }

  /** The refusal of a change to a schedule that someone else changed since the user read it. */
  static ScheduleRefusedException conflict() {
    return new ScheduleRefusedException(
        Map.of(
            ScheduleRefusedException.CONFLICT,
            "Someone else changed this schedule meanwhile. Reload it and make your change again."));
  }
}

package dev.kiln.portal.schedule;

import dev.kiln.portal.access.ProjectAccess;
import dev.kiln.portal.base.ConstraintNames;
import dev.kiln.portal.base.TextRules;
import dev.kiln.portal.schedule.domain.Schedule;
import dev.kiln.portal.schedule.domain.ScheduleRepository;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * What a schedule must be before it is written: every field checked up front, each problem named by
 * its field, with the limits taken from the columns' constants; and what each database constraint
 * means when a concurrent change slips past those checks.
 */
@Component
class ScheduleChecks {

  private final ScheduleRepository schedules;
  private final ProjectAccess access;
  private final ScheduleParameters parameters;

  ScheduleChecks(
      ScheduleRepository schedules, ProjectAccess access, ScheduleParameters parameters) {
    this.schedules = schedules;
    this.access = access;
    this.parameters = parameters;
  }

  /** A draft that passed: its name, stripped, and its expression, read. */
  record Checked(String name, ScheduleExpression expression) {}

  /**
   * Checks a draft for {@code schedule} (new, or as stored before this change).
   *
   * @throws ScheduleRefusedException naming every field at fault
   */
  Checked check(Schedule schedule, ScheduleDraft draft) {
    Map<String, String> problems = new LinkedHashMap<>();
    String name = draft.name() == null ? "" : draft.name().strip();
    String nameProblem =
        name.isEmpty()
            ? "Give the schedule a name, for example \"nightly\"."
            : TextRules.nameProblem(name, Schedule.NAME_LENGTH);
    if (nameProblem != null) {
      problems.put(ScheduleRefusedException.NAME, nameProblem);
    } else if (schedules
        .findByProjectIdAndName(schedule.getProjectId(), name)
        .filter(other -> !other.getId().equals(schedule.getId()))
        .isPresent()) {
      problems.put(ScheduleRefusedException.NAME, nameTaken(name));
    }
    ScheduleExpression parsed = null;
    try {
      parsed = expression(draft, schedule);
    } catch (InvalidScheduleException e) {
      problems.put(e.field(), e.getMessage());
    }
    problems.putAll(parameters.problems(schedule, name, draft.parameters()));
    if (draft.misfire() == null || draft.overlap() == null) {
      problems.put(
          ScheduleRefusedException.CONFLICT, "Choose what happens to missed runs and to overlaps.");
    }
    if (!problems.isEmpty()) {
      throw new ScheduleRefusedException(problems);
    }
    return new Checked(name, parsed);
  }

  /**
   * The expression read and checked against the columns it goes to and against the sub-minute rule.
   * A schedule that fires more than once a minute queues a build every few seconds, so only an
   * admin may save one; the admin's approval stays with the expression, so a maintainer may still
   * rename, pause or resume such a schedule, but not change it to another expression that fires as
   * often.
   *
   * @param schedule as stored, or new; its expression is the one an admin saved
   * @throws InvalidScheduleException naming the expression or time zone field
   */
  ScheduleExpression expression(ScheduleDraft draft, Schedule schedule) {
    String text = draft.expression() == null ? "" : draft.expression().strip();
    String tooLong = TextRules.problem(text, Schedule.EXPRESSION_LENGTH);
    if (tooLong != null) {
      throw new InvalidScheduleException(InvalidScheduleException.EXPRESSION, tooLong);
    }
    ScheduleExpression parsed =
        ScheduleExpression.parse(text, draft.timeZone(), schedule.getProjectId());
    if (parsed.quartzExpression().length() > ScheduleTriggers.QUARTZ_EXPRESSION_LENGTH) {
      throw new InvalidScheduleException(
          InvalidScheduleException.EXPRESSION,
          "Quartz, which fires schedules, keeps"
              + " at most "
              + ScheduleTriggers.QUARTZ_EXPRESSION_LENGTH
              + " characters of an expression in its own"
              + " syntax, and this one is "
              + parsed.quartzExpression().length()
              + " long there (\""
              + parsed.quartzExpression()
              + "\"). Shorten its lists with ranges (1-5) or steps (*/2).");
    }
    String zoneProblem = TextRules.problem(parsed.zone().getId(), Schedule.TIME_ZONE_LENGTH);
    if (zoneProblem != null) {
      throw new InvalidScheduleException(InvalidScheduleException.TIME_ZONE, zoneProblem);
    }
    boolean approved = access.isAdmin() || parsed.expression().equals(schedule.getExpression());
    if (parsed.firesMoreThanOncePerMinute() && !approved) {
      throw new InvalidScheduleException(InvalidScheduleException.EXPRESSION, subMinute(parsed));
    }
    return parsed;
  }

  /**
   * What a database refusal of a schedule's row means, by the constraint's name; any other refusal
   * is returned as it is, for the unexpected-error handling (a 500 with a correlation id).
   */
  RuntimeException refusal(DataIntegrityViolationException e, long projectId, String name) {
    return switch (ConstraintNames.of(e).orElse("")) {
      case "schedules_project_name_key" ->
          new ScheduleRefusedException(Map.of(ScheduleRefusedException.NAME, nameTaken(name)));
      case "schedules_project_id_fkey" ->
          new NoSuchElementException("Project " + projectId + " does not exist.");
      default -> e;
    };
  }

  private static String nameTaken(String name) {
    return "This project already has a schedule named '" + name + "'.";
  }

  private static String subMinute(ScheduleExpression parsed) {
    String seconds = parsed.expression().split("\\s+")[0];
    return "This fires "
        + parsed.secondsPerMinute()
        + " times a minute (the seconds field \""
        + seconds
        + "\" has "
        + parsed.secondsPerMinute()
        + " values), and each fire queues a build: only an admin may save a schedule"
        + " that fires more often than once a minute. Use a single second, such as 0, or ask an admin.";
  }
}

package dev.kiln.portal.schedule;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * What a user types into a schedule, made into a Quartz cron expression and explained.
 *
 * <p>Five fields are Unix cron ({@code minute hour day month weekday}, weekday 0–7 with 0 and 7 for
 * Sunday); six or seven are Quartz's syntax with seconds (and a year). {@code H} in a field stands
 * for a value picked from the seed (the project), the same every time, so that many projects asking
 * for "some time at night" ({@code H H(0-5) * * *}) spread out: {@code H}, {@code H(a-b)}, {@code
 * H/n} and {@code H(a-b)/n}, as in Jenkins. What is accepted, with examples, is in {@code
 * docs/cron-syntax.md}.
 */
public final class ScheduleExpression {

  private final String expression;
  private final ZoneId zone;
  private final String quartz;
  private final CronExpression cron;

  private ScheduleExpression(String expression, ZoneId zone, String quartz, CronExpression cron) {
    this.expression = expression;
    this.zone = zone;
    this.quartz = quartz;
    this.cron = cron;
  }

  /**
   * Reads an expression.
   *
   * @param hashSeed what {@code H} is derived from: the project's id
   * @throws InvalidScheduleException saying what is wrong, in words
   */
  public static ScheduleExpression parse(String expression, String timeZone, long hashSeed) {
    ZoneId zone = ScheduleZone.of(timeZone);
    String text = expression == null ? "" : expression.strip();
    if (text.isEmpty()) {
      throw new InvalidScheduleException(
          "Write a cron expression, for example \"H 3 * * *\" for once a night.");
    }
    if (text.startsWith("@")) {
      // Unix cron means midnight by @daily, Jenkins a hashed time: say both rather than pick one.
      throw new InvalidScheduleException(
          text
              + " is not supported: write the fields, for example 0 0 * * * for"
              + " midnight every day, or H H * * * for once a day at a time picked for the project.");
    }
    String[] fields = text.toUpperCase(Locale.ROOT).split("\\s+");
    boolean unix = fields.length == 5;
    if (!unix && fields.length != 6 && fields.length != 7) {
      throw new InvalidScheduleException(
          "Give 5 fields (minute hour day month weekday), or 6 to 7 in Quartz syntax"
              + " (second minute hour day month weekday [year]); this has "
              + fields.length
              + ".");
    }
    List<CronField> kinds = unix ? CronField.UNIX : CronField.QUARTZ;
    for (int i = 0; i < fields.length; i++) {
      fields[i] = HashSpread.apply(fields[i], kinds.get(i), hashSeed, i);
    }
    String quartz = String.join(" ", unix ? UnixCron.toQuartz(fields) : QuartzCron.checked(fields));
    CronExpression cron;
    try {
      cron = new CronExpression(quartz);
    } catch (ParseException | RuntimeException e) {
      throw new InvalidScheduleException(explain(e.getMessage()));
    }
    cron.setTimeZone(TimeZone.getTimeZone(zone));
    if (cron.getNextValidTimeAfter(new Date()) == null) {
      throw new InvalidScheduleException(
          "This schedule never fires: no date matches it (for example February 30 or"
              + " 31, April 31, or a year in the past). Check the day of the month against the month.");
    }
    return new ScheduleExpression(text, zone, quartz, cron);
  }

  public String expression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }

  public TimeZone timeZone() {
    return TimeZone.getTimeZone(zone);
  }

  /**
   * Whether it fires more often than once a minute: exactly when the seconds field, read the way
   * Quartz reads it after {@code H} is replaced ({@code *}, {@code 0,30}, {@code 0-59}, {@code
   * H/30}…), stands for more than one second. Unix expressions have no seconds field and fire at
   * second 0.
   */
  public boolean firesMoreThanOncePerMinute() {
    return secondsPerMinute() > 1;
  }

  /**
   * How many times a minute it fires, in a minute it fires in: the number of values of its seconds
   * field.
   */
  int secondsPerMinute() {
    return CronField.SECOND.values(quartz.substring(0, quartz.indexOf(' '))).size();
  }

  /** The expression in Quartz's syntax, with {@code H} replaced: what Quartz fires. */
  public String quartzExpression() {
    return quartz;
  }

  /**
   * The expression in words, for example "at 03:17 every day", with what the clock changes of the
   * coming year do to it in brackets.
   */
  public String description() {
    return description(Instant.now());
  }

  String description(Instant now) {
    String note = DaylightSaving.note(quartz, zone, now);
    return CronWords.describe(quartz) + (note.isEmpty() ? "" : " (" + note + ")");
  }

  /** The next {@code count} fire times after {@code after}, in the schedule's zone. */
  public List<ZonedDateTime> nextFireTimes(Instant after, int count) {
    List<ZonedDateTime> times = new ArrayList<>();
    Date next = Date.from(after);
    while (times.size() < count && (next = cron.getNextValidTimeAfter(next)) != null) {
      times.add(next.toInstant().atZone(zone));
    }
    return times;
  }

  private static String explain(String quartzMessage) {
    String message = quartzMessage == null ? "" : quartzMessage;
    if (message.contains("both a day-of-week AND a day-of-month")) {
      return "Give either a day of the month or a day of the week, not both: put ? in the other.";
    }
    return "Not a valid cron expression: " + message + (message.endsWith(".") ? "" : ".");
  }
}

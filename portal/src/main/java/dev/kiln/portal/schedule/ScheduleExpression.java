package dev.kiln.portal.schedule;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * What a user types into a schedule, made into a Quartz cron expression and explained.
 *
 * <p>Five fields are Unix cron ({@code minute hour day month weekday}, weekday 0–7 with 0 and 7
 * for Sunday); six or seven are Quartz's syntax with seconds (and a year). {@code H} in a field
 * stands for a value picked from the seed (the project), the same every time, so that many
 * projects asking for "some time at night" ({@code H H(0-5) * * *}) spread out: {@code H},
 * {@code H(a-b)}, {@code H/n} and {@code H(a-b)/n}, as in Jenkins.
 */
public final class ScheduleExpression {

  private static final String[] UNIX_FIELDS = {"minute", "hour", "day of the month", "month", "day of the week"};
  private static final String[] QUARTZ_FIELDS = {"second", "minute", "hour", "day of the month", "month",
      "day of the week", "year"};
  // The ranges H picks from; days of the month stop at 28 so that H exists in every month.
  private static final int[][] UNIX_RANGES = {{0, 59}, {0, 23}, {1, 28}, {1, 12}, {0, 6}};
  private static final int[][] QUARTZ_RANGES = {{0, 59}, {0, 59}, {0, 23}, {1, 28}, {1, 12}, {1, 7}};
  private static final String[] WEEKDAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};
  private static final Pattern HASH = Pattern.compile("H(?:\\((\\d+)-(\\d+)\\))?(?:/(\\d+))?");
  private static final Pattern ZERO_STEP = Pattern.compile("/0*(?:,|$)");
  private static final CronParser DESCRIBED = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

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
    ZoneId zone = zone(timeZone);
    String text = expression == null ? "" : expression.strip();
    if (text.isEmpty()) {
      throw new InvalidScheduleException("Write a cron expression, for example \"H 3 * * *\" for once a night.");
    }
    String[] fields = text.split("\\s+");
    boolean unix = fields.length == 5;
    if (!unix && fields.length != 6 && fields.length != 7) {
      throw new InvalidScheduleException("Give 5 fields (minute hour day month weekday), or 6 to 7 in Quartz syntax"
          + " (second minute hour day month weekday [year]); this has " + fields.length + ".");
    }
    String[] names = unix ? UNIX_FIELDS : QUARTZ_FIELDS;
    int[][] ranges = unix ? UNIX_RANGES : QUARTZ_RANGES;
    for (int i = 0; i < fields.length; i++) {
      if (ZERO_STEP.matcher(fields[i]).find()) {
        throw new InvalidScheduleException("A step of 0 (\"" + fields[i] + "\" in the " + names[i]
            + " field) never moves on: use a step of 1 or more.");
      }
      fields[i] = hashed(fields[i], names[i], i < ranges.length ? ranges[i] : null, hashSeed, i);
    }
    String quartz = unix ? fromUnix(fields) : String.join(" ", fields);
    CronExpression cron;
    try {
      cron = new CronExpression(quartz);
    } catch (ParseException | RuntimeException e) {
      throw new InvalidScheduleException(explain(e.getMessage()));
    }
    cron.setTimeZone(TimeZone.getTimeZone(zone));
    if (cron.getNextValidTimeAfter(new Date()) == null) {
      throw new InvalidScheduleException("This schedule never fires: no date matches it (for example February 30 or"
          + " 31, or a year in the past). Check the day of the month against the month.");
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

  /** The expression in Quartz's syntax, with {@code H} replaced: what Quartz fires. */
  public String quartzExpression() {
    return quartz;
  }

  /** The expression in words, for example "at 03:17". */
  public String description() {
    try {
      return CronDescriptor.instance(Locale.UK).describe(DESCRIBED.parse(quartz));
    } catch (RuntimeException e) {
      return quartz; // a form cron-utils does not describe; Quartz still fires it
    }
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

  private static ZoneId zone(String timeZone) {
    String id = timeZone == null ? "" : timeZone.strip();
    if (id.isEmpty()) {
      throw new InvalidScheduleException("Choose a time zone, for example UTC or Europe/Paris.");
    }
    // Three-letter abbreviations (PST, IST…) mean different places to different people.
    if (ZoneId.SHORT_IDS.containsKey(id) && !id.equals("UTC") && !id.equals("GMT")) {
      throw new InvalidScheduleException("Unknown time zone '" + id + "': abbreviations are ambiguous; use a region"
          + " such as America/Los_Angeles, or UTC.");
    }
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new InvalidScheduleException("Unknown time zone '" + id + "'. Use a region such as Europe/Paris, or UTC.");
    }
  }

  /** Replaces the H forms in one field's comma list by values picked from the seed. */
  private static String hashed(String field, String name, int[] range, long seed, int index) {
    if (!field.contains("H")) {
      return field;
    }
    if (range == null) {
      throw new InvalidScheduleException("H cannot be used in the " + name + " field.");
    }
    List<String> parts = new ArrayList<>();
    for (String part : field.split(",", -1)) {
      if (!part.contains("H")) {
        parts.add(part);
        continue;
      }
      Matcher m = HASH.matcher(part);
      if (!m.matches()) {
        throw new InvalidScheduleException("\"" + part + "\" in the " + name + " field: write H, H(a-b), H/n or"
            + " H(a-b)/n.");
      }
      int low = m.group(1) == null ? range[0] : Integer.parseInt(m.group(1));
      int high = m.group(2) == null ? range[1] : Integer.parseInt(m.group(2));
      if (low > high || low < range[0] || high > range[1]) {
        throw new InvalidScheduleException("\"" + part + "\" in the " + name + " field: the range must lie within "
            + range[0] + "-" + range[1] + ".");
      }
      long hash = mix(seed, index);
      if (m.group(3) == null) {
        parts.add(String.valueOf(low + Math.floorMod(hash, high - low + 1)));
      } else {
        int step = Integer.parseInt(m.group(3));
        int start = low + Math.floorMod(hash, Math.min(step, high - low + 1));
        parts.add(start + (m.group(1) == null ? "" : "-" + high) + "/" + step);
      }
    }
    return String.join(",", parts);
  }

  /** A well-spread number from the seed and the field (SplitMix64's finaliser). */
  private static long mix(long seed, int field) {
    long z = seed * 0x9E3779B97F4A7C15L + (field + 1) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Unix's five fields as Quartz's six: seconds first, and "?" in the day field not given. */
  private static String fromUnix(String[] f) {
    boolean anyDay = f[2].equals("*") || f[2].equals("?");
    boolean anyWeekday = f[4].equals("*") || f[4].equals("?");
    if (!anyDay && !anyWeekday) {
      throw new InvalidScheduleException("Give either a day of the month or a day of the week, not both (cron would"
          + " run on either; Kiln cannot tell which you meant). Use * for the other.");
    }
    String day = anyDay && !anyWeekday ? "?" : f[2];
    String weekday = anyWeekday ? "?" : weekdays(f[4]);
    return "0 " + f[0] + " " + f[1] + " " + day + " " + f[3] + " " + weekday;
  }

  /** Unix weekday numbers (0–7, Sunday both ends) as names, which Quartz numbers differently. */
  private static String weekdays(String field) {
    Matcher m = Pattern.compile("(?<![/#])\\b(\\d+)\\b").matcher(field);
    var out = new StringBuilder();
    while (m.find()) {
      int day = Integer.parseInt(m.group(1));
      if (day > 7) {
        throw new InvalidScheduleException("Day of the week " + day + " does not exist: use 0-7 (0 and 7 are Sunday)"
            + " or SUN-SAT.");
      }
      m.appendReplacement(out, WEEKDAYS[day]);
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String explain(String quartzMessage) {
    String message = quartzMessage == null ? "" : quartzMessage;
    if (message.contains("both a day-of-week AND a day-of-month")) {
      return "Give either a day of the month or a day of the week, not both: put ? in the other.";
    }
    return "Not a valid cron expression: " + message + (message.endsWith(".") ? "" : ".");
  }
}

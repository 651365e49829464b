package dev.kiln.portal.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unix cron's five fields ({@code minute hour day month weekday}) as Quartz's six. The days of the
 * week are numbered differently (Unix: 0 and 7 Sunday, 1 Monday; Quartz: 1 Sunday, 2 Monday), so
 * that field is read into days and written back as Quartz's names.
 */
final class UnixCron {

  private static final String[] QUARTZ_DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
  private static final Pattern SPECIAL = Pattern.compile("(\\d+|[A-Z]{3})(L|#\\d+)");

  private UnixCron() {}

  /** The six Quartz fields, second first; {@code fields} are upper case with H already replaced. */
  static String[] toQuartz(String[] fields) {
    for (int i = 0; i < 4; i++) {
      CronField.UNIX.get(i).values(fields[i]);
    }
    boolean anyDay = isAny(fields[2]);
    boolean anyWeekday = isAny(fields[4]);
    if (!anyDay && !anyWeekday) {
      throw new InvalidScheduleException(
          "Both the day of the month ("
              + fields[2]
              + ") and the day of the week ("
              + fields[4]
              + ") are restricted. Unix cron would run on days matching either one, which Kiln's scheduler"
              + " cannot express: put * in one of them, or make two schedules.");
    }
    String day = anyDay ? (anyWeekday ? "*" : "?") : fields[2];
    String weekday = anyWeekday ? "?" : weekdays(fields[4]);
    return new String[] {"0", fields[0], fields[1], day, fields[3], weekday};
  }

  private static boolean isAny(String field) {
    return field.equals("*") || field.equals("?");
  }

  /** A Unix day-of-week field in Quartz's terms: named days, or Quartz's number before L and #. */
  private static String weekdays(String field) {
    Matcher special = SPECIAL.matcher(field);
    if (special.matches()) {
      int day = CronField.UNIX_DAY_OF_WEEK.value(special.group(1)) % 7;
      return (day + 1) + special.group(2); // "5L" (last Friday) is Quartz's "6L"
    }
    TreeSet<Integer> values = CronField.UNIX_DAY_OF_WEEK.values(field);
    if (values == null) {
      throw new InvalidScheduleException(
          "\""
              + field
              + "\" in the day of the week field: write L and # alone after"
              + " one day, such as 5L (the last Friday of the month) or 1#2 (its second Monday).");
    }
    TreeSet<Integer> days = new TreeSet<>();
    for (int day : values) {
      days.add(day % 7);
    }
    return ranges(days);
  }

  /** Sorted days as names, runs of three or more as ranges: {1,2,3,4,5} is MON-FRI. */
  private static String ranges(TreeSet<Integer> days) {
    List<String> parts = new ArrayList<>();
    List<Integer> sorted = new ArrayList<>(days);
    for (int i = 0; i < sorted.size(); ) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
        j++;
      }
      if (j - i >= 2) {
        parts.add(QUARTZ_DAYS[sorted.get(i)] + "-" + QUARTZ_DAYS[sorted.get(j)]);
      } else {
        for (int k = i; k <= j; k++) {
          parts.add(QUARTZ_DAYS[sorted.get(k)]);
        }
      }
      i = j + 1;
    }
    return String.join(",", parts);
  }
}

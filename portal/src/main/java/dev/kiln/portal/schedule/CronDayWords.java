package dev.kiln.portal.schedule;

import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The day part of {@link CronWords}: "Monday to Friday", "on the last Friday of the month". */
final class CronDayWords {

  private static final String[] DAYS = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"
  };
  private static final String[] ORDINALS = {"first", "second", "third", "fourth", "fifth"};
  private static final Pattern NTH_WEEKDAY = Pattern.compile("(\\d|[A-Z]{3})#(\\d)");
  private static final Pattern LAST_WEEKDAY = Pattern.compile("(\\d|[A-Z]{3})L");
  private static final Pattern NEAREST_WEEKDAY = Pattern.compile("(\\d+)W");

  private CronDayWords() {}

  /** The days, "" for every day, or null for a shape not worded here. */
  static String days(String dom, String dow) {
    boolean anyDay = dom.equals("*") || dom.equals("?");
    boolean anyWeekday = dow.equals("*") || dow.equals("?");
    if (anyDay && anyWeekday) {
      return "";
    }
    if (anyDay) {
      return weekdays(dow);
    }
    if (!anyWeekday) {
      return null;
    }
    if (dom.equals("L")) {
      return "on the last day of the month";
    }
    if (dom.equals("LW")) {
      return "on the last weekday of the month";
    }
    Matcher nearest = NEAREST_WEEKDAY.matcher(dom);
    if (nearest.matches()) {
      return "on the weekday nearest the "
          + ordinal(Integer.parseInt(nearest.group(1)))
          + " of the month";
    }
    TreeSet<Integer> days = CronField.DAY_OF_MONTH.values(dom);
    if (days == null || days.size() > 6) {
      return null;
    }
    return "on the "
        + CronWords.list(days.stream().map(CronDayWords::ordinal).toList())
        + " of the month";
  }

  private static String weekdays(String dow) {
    Matcher nth = NTH_WEEKDAY.matcher(dow);
    if (nth.matches()
        && Integer.parseInt(nth.group(2)) >= 1
        && Integer.parseInt(nth.group(2)) <= 5) {
      return "on the "
          + ORDINALS[Integer.parseInt(nth.group(2)) - 1]
          + " "
          + day(nth.group(1))
          + " of the month";
    }
    Matcher last = LAST_WEEKDAY.matcher(dow);
    if (last.matches()) {
      return "on the last " + day(last.group(1)) + " of the month";
    }
    TreeSet<Integer> days = CronField.DAY_OF_WEEK.values(dow);
    if (days == null) {
      return null;
    }
    // Weeks start on Monday in words: Saturday and Sunday, Monday to Friday.
    TreeSet<Integer> mondayFirst = new TreeSet<>();
    days.forEach(d -> mondayFirst.add((d + 5) % 7));
    if (mondayFirst.size() >= 3 && CronWords.contiguous(mondayFirst)) {
      return DAYS[(mondayFirst.first() + 1) % 7] + " to " + DAYS[(mondayFirst.last() + 1) % 7];
    }
    return "every " + CronWords.list(mondayFirst.stream().map(d -> DAYS[(d + 1) % 7]).toList());
  }

  private static String day(String quartzDay) {
    return DAYS[CronField.DAY_OF_WEEK.value(quartzDay) - 1];
  }

  /** 1st, 2nd, 3rd, 11th, 21st. */
  static String ordinal(int n) {
    String suffix =
        n % 100 >= 11 && n % 100 <= 13
            ? "th"
            : switch (n % 10) {
              case 1 -> "st";
              case 2 -> "nd";
              case 3 -> "rd";
              default -> "th";
            };
    return n + suffix;
  }
}

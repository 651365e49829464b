package dev.kiln.portal.schedule;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One field of a cron expression: its name, its bounds and the names it accepts. Reads the plain
 * forms ({@code *}, {@code 5}, {@code 1-5}, {@code 1,3}, {@code *}{@code /15}, {@code 5/15}, {@code
 * 1-5/2}) into the set of values they stand for, and refuses each mistake with a message that names
 * the field. Quartz's special forms ({@code L}, {@code W}, {@code #}) are left to Quartz.
 */
enum CronField {
  SECOND("second", 0, 59, 0, List.of()),
  MINUTE("minute", 0, 59, 0, List.of()),
  HOUR("hour", 0, 23, 0, List.of()),
  DAY_OF_MONTH("day of the month", 1, 31, 0, List.of()),
  MONTH(
      "month",
      1,
      12,
      1,
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
  /** Quartz numbers the days of the week 1 (Sunday) to 7 (Saturday). */
  DAY_OF_WEEK("day of the week", 1, 7, 1, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")),
  YEAR("year", 1970, 2099, 0, List.of()),
  /** Unix numbers them 0 (Sunday) to 6, and 7 is Sunday again. */
  UNIX_DAY_OF_WEEK(
      "day of the week", 0, 7, 0, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

  static final List<CronField> QUARTZ =
      List.of(SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK, YEAR);
  static final List<CronField> UNIX = List.of(MINUTE, HOUR, DAY_OF_MONTH, MONTH, UNIX_DAY_OF_WEEK);

  private static final Pattern ITEM = Pattern.compile("(\\*|\\?|(\\w+)(?:-(\\w+))?)(?:/(\\w*))?");
  private static final Pattern SPECIAL_DAY = Pattern.compile("L(-\\d+)?|LW|\\d+W");
  private static final Pattern SPECIAL_WEEKDAY = Pattern.compile("(\\d+|[A-Z]{3})(L|#\\d+)|L");

  final String label;
  final int min;
  final int max;
  private final int firstName;
  private final List<String> names;

  CronField(String label, int min, int max, int firstName, List<String> names) {
    this.label = label;
    this.min = min;
    this.max = max;
    this.firstName = firstName;
    this.names = names;
  }

  boolean isDayField() {
    return this == DAY_OF_MONTH || this == DAY_OF_WEEK || this == UNIX_DAY_OF_WEEK;
  }

  /** The highest value a {@code *} or an open step reaches: Unix's 7 only counts when written. */
  int stepMax() {
    return this == UNIX_DAY_OF_WEEK ? 6 : max;
  }

  /**
   * Whether one comma-separated item is one of Quartz's special day forms ({@code L}, {@code W},
   * {@code #}).
   */
  boolean isSpecial(String item) {
    return this == DAY_OF_MONTH
        ? SPECIAL_DAY.matcher(item).matches()
        : (this == DAY_OF_WEEK || this == UNIX_DAY_OF_WEEK)
            && SPECIAL_WEEKDAY.matcher(item).matches();
  }

  /**
   * The values a field stands for, or {@code null} if it uses a special form.
   *
   * @param text the field, upper case
   * @throws InvalidScheduleException naming the field and the mistake
   */
  TreeSet<Integer> values(String text) {
    var values = new TreeSet<Integer>();
    for (String item : text.split(",", -1)) {
      if (isSpecial(item)) {
        return null;
      }
      Matcher m = ITEM.matcher(item);
      if (!m.matches()) {
        throw refused(
            "\""
                + item
                + "\" in the "
                + label
                + " field is not a value, a range (a-b), a list (a,b)"
                + " or a step (*/n)"
                + (names.isEmpty() ? "" : "; names such as " + names.get(1) + " work too")
                + ".");
      }
      if (m.group(1).equals("?") && !isDayField()) {
        throw refused(
            "? only stands in the day of the month or the day of the week field, not in the "
                + label
                + " field: write * there.");
      }
      boolean any = m.group(2) == null;
      int low = any ? min : value(m.group(2));
      int high =
          any
              ? stepMax()
              : m.group(3) != null ? value(m.group(3)) : m.group(4) != null ? stepMax() : low;
      if (this == UNIX_DAY_OF_WEEK && "SUN".equals(m.group(3))) {
        high = 7; // SAT-SUN, FRI-SUN: Sunday as the end of the week
      }
      if (low > high
          && m.group(3) == null) { // 7/2 in the day of the week: a step from past the end
        throw refused(
            "\""
                + item
                + "\" in the "
                + label
                + " field starts past the field's end: a step starts from "
                + show(min, m.group(2))
                + " to "
                + show(stepMax(), m.group(2))
                + ".");
      }
      if (low > high) {
        String split =
            m.group(2)
                + "-"
                + show(stepMax(), m.group(2))
                + ","
                + show(min, m.group(3))
                + "-"
                + m.group(3);
        throw refused(
            "\""
                + item
                + "\" in the "
                + label
                + " field runs backwards: ranges go from low to high; write "
                + split
                + " instead.");
      }
      int step = m.group(4) == null ? 1 : step(item, m.group(4));
      for (int v = low; v <= high; v += step) {
        values.add(v);
      }
    }
    return values;
  }

  /** A value written as a number or a name. */
  int value(String token) {
    int value;
    if (token.chars().allMatch(Character::isDigit)) {
      value = token.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(token);
    } else if (names.contains(token)) {
      value = names.indexOf(token) + firstName;
    } else {
      throw refused(
          "\""
              + token
              + "\" in the "
              + label
              + " field is not a number"
              + (names.isEmpty()
                  ? ""
                  : " or a name (" + names.getFirst() + "-" + names.getLast() + ")")
              + ".");
    }
    if (value < min || value > max) {
      throw refused(
          token
              + " is out of range for the "
              + label
              + " field: use "
              + min
              + "-"
              + max
              + (this == UNIX_DAY_OF_WEEK
                  ? " (0 and 7 are Sunday)"
                  : this == DAY_OF_WEEK ? " (1 is Sunday)" : "")
              + ".");
    }
    return value;
  }

  private int step(String item, String text) {
    if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
      throw refused(
          "\"" + item + "\" in the " + label + " field: the step after / must be a number.");
    }
    int step = text.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(text);
    if (step == 0) {
      throw refused(
          "A step of 0 (\""
              + item
              + "\" in the "
              + label
              + " field) never moves on: use a step of 1 or"
              + " more.");
    }
    int largest = stepMax() - min;
    if (step > largest) {
      throw refused(
          "A step of "
              + step
              + " (\""
              + item
              + "\" in the "
              + label
              + " field) is larger than the field:"
              + " use 1-"
              + largest
              + ".");
    }
    return step;
  }

  /** A value written the way the user wrote its neighbour: as a number or as a name. */
  private String show(int value, String like) {
    boolean named = !like.chars().allMatch(Character::isDigit);
    return named ? names.get((value - firstName) % names.size()) : String.valueOf(value);
  }

  private static InvalidScheduleException refused(String message) {
    return new InvalidScheduleException(message);
  }
}

package dev.kiln.portal.schedule;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * A Quartz cron expression in words: "every 15 minutes", "at 03:17 every day", "Monday to Friday at
 * 09:00". Common shapes are worded here from the sets of values each field stands for; the rest
 * goes to cron-utils, whose wording of the common shapes is stilted ("at 09:00 at Thursday day")
 * and sometimes wrong (it reads the weekday step {@code 2/2} as "every Monday").
 */
final class CronWords {

  private static final CronParser QUARTZ =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
  private static final String[] MONTHS = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December"
  };

  private CronWords() {}

  static String describe(String quartz) {
    String words = words(quartz.split(" "));
    if (words != null) {
      return words;
    }
    try {
      return CronDescriptor.instance(Locale.UK).describe(QUARTZ.parse(quartz));
    } catch (RuntimeException e) {
      return quartz; // a form neither describes; Quartz still fires it
    }
  }

  private static String words(String[] f) {
    String time =
        time(
            CronField.SECOND.values(f[0]),
            CronField.MINUTE.values(f[1]),
            CronField.HOUR.values(f[2]));
    String days = CronDayWords.days(f[3], f[5]);
    TreeSet<Integer> months = CronField.MONTH.values(f[4]);
    TreeSet<Integer> years = f.length > 6 && !f[6].equals("*") ? CronField.YEAR.values(f[6]) : null;
    if (time == null
        || days == null
        || months == null
        || (f.length > 6 && !f[6].equals("*") && years == null)) {
      return null;
    }
    String when =
        (months.size() == 12 ? "" : " " + span(months, m -> MONTHS[m - 1]))
            + (years == null ? "" : " " + span(years, String::valueOf));
    if (f[5].equals("?") && f[3].matches("\\d+") && months.size() == 1) {
      days =
          "on "
              + Integer.parseInt(f[3])
              + " "
              + MONTHS[months.first() - 1]; // once a year: "on 1 January"
      when =
          years == null
              ? ""
              : years.size() == 1 ? " " + years.first() : " " + span(years, String::valueOf);
    }
    boolean frequency = time.startsWith("every");
    if (days.isEmpty()) {
      return frequency ? time + when : time + " every day" + when;
    }
    return days + when + (frequency ? ", " : " ") + time;
  }

  /** The time of day, or null for a shape not worded here. */
  private static String time(TreeSet<Integer> s, TreeSet<Integer> m, TreeSet<Integer> h) {
    if (s == null || m == null || h == null) {
      return null;
    }
    boolean allHours = h.size() == 24;
    if (s.size() == 60 && m.size() == 60 && allHours) {
      return "every second";
    }
    if (every(s, 60) > 1 && m.size() == 60 && allHours) {
      return "every " + every(s, 60) + " seconds";
    }
    if (!s.equals(Set.of(0))) {
      return s.size() == 1 && m.size() * h.size() <= 4 ? "at " + clock(h, m, s.first()) : null;
    }
    int minuteStep = every(m, 60);
    if (m.size() == 60 && allHours) {
      return "every minute";
    }
    if (minuteStep > 1 && (allHours || contiguous(h))) {
      String offset =
          m.first() == 0
              ? ""
              : m.size() <= 4
                  ? " (" + list(m.stream().map(CronWords::past).toList()) + ")"
                  : " ("
                      + past(m.first())
                      + ", "
                      + past(m.first() + minuteStep)
                      + " … "
                      + past(m.last())
                      + ")";
      return "every "
          + minuteStep
          + " minutes"
          + offset
          + (allHours
              ? ""
              : " from " + hhmm(h.first(), m.first()) + " to " + hhmm(h.last(), m.last()));
    }
    if (m.size() == 1) {
      int minute = m.first();
      String past = minute == 0 ? "" : " at " + past(minute);
      if (allHours) {
        return "every hour" + past;
      }
      if (every(h, 24) > 1) {
        return "every "
            + every(h, 24)
            + " hours"
            + past
            + (h.first() == 0 ? "" : " from " + hhmm(h.first(), minute));
      }
      if (h.size() > 4 && contiguous(h)) {
        return "every hour from " + hhmm(h.first(), minute) + " to " + hhmm(h.last(), minute);
      }
    }
    return m.size() * h.size() <= 4 ? "at " + clock(h, m, 0) : null;
  }

  /** The step n if the values are every n-th of a cycle of {@code size} (0 if they are not). */
  private static int every(TreeSet<Integer> values, int size) {
    if (values.size() < 2 || size % values.size() != 0) {
      return 0;
    }
    int step = size / values.size();
    int expected = values.first();
    if (expected >= step) {
      return 0;
    }
    for (int v : values) {
      if (v != expected) {
        return 0;
      }
      expected += step;
    }
    return step;
  }

  static boolean contiguous(TreeSet<Integer> values) {
    return values.last() - values.first() == values.size() - 1;
  }

  private static String span(TreeSet<Integer> values, IntFunction<String> name) {
    if (values.size() >= 3 && contiguous(values)) {
      return "from " + name.apply(values.first()) + " to " + name.apply(values.last());
    }
    return "in " + list(values.stream().map(name::apply).toList());
  }

  private static String clock(TreeSet<Integer> hours, TreeSet<Integer> minutes, int second) {
    List<String> times = new ArrayList<>();
    for (int h : hours) {
      for (int m : minutes) {
        times.add(hhmm(h, m) + (second == 0 ? "" : past(second)));
      }
    }
    return list(times);
  }

  /** Minutes (or seconds) past: ":07". */
  private static String past(int value) {
    return String.format(Locale.ROOT, ":%02d", value);
  }

  private static String hhmm(int hour, int minute) {
    return String.format(Locale.ROOT, "%02d:%02d", hour, minute);
  }

  static String list(List<String> items) {
    if (items.size() == 1) {
      return items.getFirst();
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.getLast();
  }
}

package dev.kiln.portal.schedule;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * What the next changes of the clocks do to a schedule, in words. Quartz fires by the wall clock: a
 * time the clocks skip when they go forward does not fire that day, and a time they repeat when
 * they go back fires once, the second time. Frequent schedules are left out: an every-15-minutes
 * job losing one hour of runs needs no warning.
 */
final class DaylightSaving {

  private static final int MOST_TIMES = 2;
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);

  private DaylightSaving() {}

  /**
   * The note for the clock changes in the year after {@code from}, or "" if none touches the
   * schedule.
   */
  static String note(String quartz, ZoneId zone, Instant from) {
    CronExpression wallClock;
    try {
      wallClock = new CronExpression(quartz);
    } catch (ParseException e) {
      return "";
    }
    wallClock.setTimeZone(
        TimeZone.getTimeZone(ZoneOffset.UTC)); // a clock without changes: local times as such
    List<String> notes = new ArrayList<>();
    Instant end = from.plus(Duration.ofDays(366));
    boolean forward = false;
    boolean back = false;
    for (var t = zone.getRules().nextTransition(from);
        t != null && t.getInstant().isBefore(end);
        t = zone.getRules().nextTransition(t.getInstant())) {
      List<LocalDateTime> touched = times(wallClock, t);
      if (touched.isEmpty() || touched.size() > MOST_TIMES) {
        continue;
      }
      String times = CronWords.list(touched.stream().map(TIME::format).toList());
      String day = DAY.format(t.getDateTimeBefore());
      if (t.isGap() && !forward) {
        forward = true;
        notes.add(
            times
                + (touched.size() == 1 ? " is" : " are")
                + " skipped on "
                + day
                + ", when the clocks go forward");
      } else if (t.isOverlap() && !back) {
        back = true;
        notes.add(
            times
                + (touched.size() == 1 ? " runs" : " each run")
                + " once on "
                + day
                + ", when the clocks go back");
      }
    }
    return String.join("; ", notes);
  }

  /** The wall-clock times of the schedule that a change skips or repeats. */
  private static List<LocalDateTime> times(CronExpression wallClock, ZoneOffsetTransition t) {
    LocalDateTime start = t.isGap() ? t.getDateTimeBefore() : t.getDateTimeAfter();
    LocalDateTime stop = t.isGap() ? t.getDateTimeAfter() : t.getDateTimeBefore();
    List<LocalDateTime> times = new ArrayList<>();
    Date next = Date.from(start.minusSeconds(1).toInstant(ZoneOffset.UTC));
    while (times.size() <= MOST_TIMES && (next = wallClock.getNextValidTimeAfter(next)) != null) {
      LocalDateTime local = LocalDateTime.ofInstant(next.toInstant(), ZoneOffset.UTC);
      if (!local.isBefore(stop)) {
        break;
      }
      times.add(local);
    }
    return times;
  }
}

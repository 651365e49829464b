package dev.kiln.portal.schedule.ui;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Fire times as the schedules' screens show them: in the schedule's own zone, with the zone's
 * abbreviation.
 */
final class ScheduleTimes {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss zzz", Locale.ENGLISH);

  private ScheduleTimes() {}

  static String format(ZonedDateTime time) {
    return FORMAT.format(time);
  }

  /** {@code instant} in {@code zone}, or in UTC when the zone is unknown; "–" for none. */
  static String format(Instant instant, String zone) {
    if (instant == null) {
      return "–";
    }
    ZoneId id;
    try {
      id = ZoneId.of(zone);
    } catch (DateTimeException e) {
      id = ZoneId.of("UTC");
    }
    return format(instant.atZone(id));
  }
}

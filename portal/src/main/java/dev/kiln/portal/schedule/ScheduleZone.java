package dev.kiln.portal.schedule;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The time zone a schedule fires in: a region such as {@code Europe/Berlin} (which follows its
 * daylight saving time), {@code UTC}, or a fixed offset such as {@code +02:00}. Abbreviations such
 * as EST, CET or IST are refused: IST is India, Ireland or Israel, and EST never has summer time,
 * which is rarely what someone in New York means. Every message says "time zone", which is how the
 * schedule form tells it from a problem with the expression.
 */
final class ScheduleZone {

  private static final Pattern ABBREVIATION = Pattern.compile("[A-Z]{2,5}(\\d{1,2}[A-Z]{3,4})?");
  private static final Map<String, String> REGIONS =
      Map.ofEntries(
          Map.entry("EST", "America/New_York"),
          Map.entry("EDT", "America/New_York"),
          Map.entry("EST5EDT", "America/New_York"),
          Map.entry("CST", "America/Chicago"),
          Map.entry("CDT", "America/Chicago"),
          Map.entry("CST6CDT", "America/Chicago"),
          Map.entry("MST", "America/Denver"),
          Map.entry("MDT", "America/Denver"),
          Map.entry("MST7MDT", "America/Denver"),
          Map.entry("PST", "America/Los_Angeles"),
          Map.entry("PDT", "America/Los_Angeles"),
          Map.entry("PST8PDT", "America/Los_Angeles"),
          Map.entry("HST", "Pacific/Honolulu"),
          Map.entry("CET", "Europe/Berlin"),
          Map.entry("CEST", "Europe/Berlin"),
          Map.entry("MET", "Europe/Berlin"),
          Map.entry("EET", "Europe/Athens"),
          Map.entry("EEST", "Europe/Athens"),
          Map.entry("WET", "Europe/Lisbon"),
          Map.entry("WEST", "Europe/Lisbon"),
          Map.entry("BST", "Europe/London"),
          Map.entry("IST", "Asia/Kolkata"),
          Map.entry("JST", "Asia/Tokyo"),
          Map.entry("AEST", "Australia/Sydney"),
          Map.entry("AET", "Australia/Sydney"));

  private ScheduleZone() {}

  /**
   * @throws InvalidScheduleException for a blank, unknown or abbreviated zone
   */
  static ZoneId of(String timeZone) {
    String id = timeZone == null ? "" : timeZone.strip();
    if (id.isEmpty()) {
      throw new InvalidScheduleException("Choose a time zone, for example UTC or Europe/Berlin.");
    }
    if (id.equalsIgnoreCase("UTC") || id.equalsIgnoreCase("GMT")) {
      return ZoneId.of(id.toUpperCase(Locale.ROOT));
    }
    if (ABBREVIATION.matcher(id).matches()) {
      String region =
          REGIONS.containsKey(id) ? REGIONS.get(id) + " (for " + id + ")" : "Europe/Berlin";
      throw new InvalidScheduleException(
          "Unknown time zone: "
              + id
              + ". Abbreviations are ambiguous (IST is India,"
              + " Ireland or Israel; EST has no summer time): use a region such as "
              + region
              + ", or UTC.");
    }
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      String hint =
          ZoneId.getAvailableZoneIds().stream()
              .filter(known -> known.equalsIgnoreCase(id))
              .findFirst()
              .map(known -> " Did you mean " + known + "?")
              .orElse(" Use a region such as Europe/Berlin, or UTC.");
      throw new InvalidScheduleException("Unknown time zone: " + id + "." + hint);
    }
  }
}

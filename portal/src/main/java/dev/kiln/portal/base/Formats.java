package dev.kiln.portal.base;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How times, durations and sizes read on every screen. */
public final class Formats {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private Formats() {}

  public static String time(Instant instant) {
    return instant == null ? "–" : TIME.format(instant);
  }

  public static String duration(Duration duration) {
    if (duration == null) {
      return "–";
    }
    long s = duration.toSeconds();
    return s < 60
        ? s + " s"
        : s < 3600
            ? "%d min %02d s".formatted(s / 60, s % 60)
            : "%d h %02d min".formatted(s / 3600, s / 60 % 60);
  }

  public static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return "%.1f %s".formatted(value, units[unit]);
  }

  /** 1st, 2nd, 3rd, 4th, 11th, 21st… */
  public static String ordinal(int n) {
    int lastTwo = n % 100;
    String suffix =
        lastTwo >= 11 && lastTwo <= 13
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

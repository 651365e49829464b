package dev.kiln.portal.project.ui;

import java.time.Duration;
import java.time.Instant;

/** "3 min ago": how long ago something happened, as a list shows it at a glance. */
final class TimeAgo {

  private TimeAgo() {}

  static String of(Instant then, Instant now) {
    if (then == null) {
      return "–";
    }
    long s = Math.max(0, Duration.between(then, now).toSeconds());
    if (s < 60) {
      return "just now";
    }
    if (s < 3600) {
      return s / 60 + " min ago";
    }
    if (s < 86_400) {
      return s / 3600 + " h ago";
    }
    long days = s / 86_400;
    return days == 1 ? "yesterday" : days + " days ago";
  }
}

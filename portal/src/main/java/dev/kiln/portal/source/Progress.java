package dev.kiln.portal.source;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The lines a checkout adds to the build log: what was fetched and how long it took. */
final class Progress {

  /** The server's summary, which every transport passes on: "remote: Total 3 (delta 0), …". */
  private static final Pattern TOTAL = Pattern.compile("Total (\\d+) \\(delta");

  private Progress() {}

  /** "Fetched 1234 objects (5 MiB) of commit … into this node's mirror in 1.2 s". */
  static String fetched(String progress, long bytes, String sha, long nanos) {
    Matcher total = TOTAL.matcher(progress);
    String objects = null;
    while (total.find()) {
      objects = total.group(1);
    }
    return "Fetched "
        + (objects == null ? "" : objects + " objects (" + size(Math.max(0, bytes)) + ") ")
        + "of commit "
        + sha.substring(0, 12)
        + " into this node's mirror in "
        + seconds(nanos)
        + ".";
  }

  /** "1.2 s". */
  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }

  /** "512 KiB", "300 MiB", "2.0 GiB". */
  static String size(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
    return bytes >= 1L << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
  }
}

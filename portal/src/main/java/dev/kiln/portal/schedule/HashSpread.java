package dev.kiln.portal.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces Jenkins's {@code H} in a cron field by a value picked from a seed (the project's id):
 * the same value every time for the same project and field, spread over the field's range across
 * projects, so that many nightly jobs do not all start at once. Forms: {@code H}, {@code H(a-b)},
 * {@code H/n} and {@code H(a-b)/n}.
 */
final class HashSpread {

  private static final Pattern HASH = Pattern.compile("H(?:\\((\\d+)-(\\d+)\\))?(?:/(\\d+))?");

  private HashSpread() {}

  /**
   * One field with its H forms replaced.
   *
   * @param position the field's place in what the user wrote: part of the hash, so that changing it
   *     would move every saved schedule
   */
  static String apply(String field, CronField kind, long seed, int position) {
    if (!field.startsWith("H") && !field.contains(",H")) {
      return field; // THU has an H too
    }
    int[] range = range(kind);
    List<String> parts = new ArrayList<>();
    for (String part : field.split(",", -1)) {
      if (!part.startsWith("H")) {
        parts.add(part);
        continue;
      }
      Matcher m = HASH.matcher(part);
      if (!m.matches()) {
        throw new InvalidScheduleException(
            "\""
                + part
                + "\" in the "
                + kind.label
                + " field: write H, H(a-b), H/n"
                + " or H(a-b)/n.");
      }
      int low = m.group(1) == null ? range[0] : parse(m.group(1));
      int high = m.group(2) == null ? range[1] : parse(m.group(2));
      if (low > high || low < range[0] || high > range[1]) {
        throw new InvalidScheduleException(
            "\""
                + part
                + "\" in the "
                + kind.label
                + " field: the range must go from"
                + " low to high within "
                + range[0]
                + "-"
                + range[1]
                + (kind == CronField.DAY_OF_MONTH
                    ? " (H stops at 28 so that every month has the day)"
                    : "")
                + ".");
      }
      long hash = mix(seed, position);
      if (m.group(3) == null) {
        parts.add(String.valueOf(low + Math.floorMod(hash, high - low + 1)));
      } else {
        int step = parse(m.group(3));
        if (step == 0) {
          throw new InvalidScheduleException(
              "A step of 0 (\""
                  + part
                  + "\" in the "
                  + kind.label
                  + " field) never"
                  + " moves on: use a step of 1 or more.");
        }
        int start = low + Math.floorMod(hash, Math.min(step, high - low + 1));
        parts.add(start + (m.group(1) == null ? "" : "-" + high) + "/" + step);
      }
    }
    return String.join(",", parts);
  }

  /** Where H picks from: days of the month stop at 28 so that the day exists in every month. */
  private static int[] range(CronField kind) {
    return switch (kind) {
      case DAY_OF_MONTH -> new int[] {1, 28};
      case UNIX_DAY_OF_WEEK -> new int[] {0, 6};
      case YEAR -> throw new InvalidScheduleException("H cannot be used in the year field.");
      default -> new int[] {kind.min, kind.max};
    };
  }

  private static int parse(String digits) {
    return digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
  }

  /** A well-spread number from the seed and the field (SplitMix64's finaliser). */
  private static long mix(long seed, int field) {
    long z = seed * 0x9E3779B97F4A7C15L + (field + 1) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

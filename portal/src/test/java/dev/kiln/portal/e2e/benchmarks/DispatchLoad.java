package dev.kiln.portal.e2e.benchmarks;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The load {@link DispatchBenchmark} offers, the same for bare Quartz and for Kiln: cron triggers
 * that each fire once, {@code rate} of them due at every whole second for {@code seconds} seconds
 * (cron has no finer grain, so a second's fires arrive together), and the 10,000 idle ones that
 * fill the trigger tables the way a real install's schedules do.
 */
final class DispatchLoad {

  static final int IDLE_SCHEDULES = 10_000;

  /** A cron expression for the template pair {@link QuartzRows} copies. */
  static final String NEVER = "0 0 0 1 1 ? 2099";

  private DispatchLoad() {}

  /** One rate held for some seconds from {@code first}, a whole second. */
  record Step(int rate, int seconds, Instant first) {

    int fires() {
      return rate * seconds;
    }

    /** The fire time of the {@code i}-th trigger. */
    Instant due(int i) {
      return first.plusSeconds(i / rate);
    }

    /** The last fire time. */
    Instant last() {
      return first.plusSeconds(seconds - 1L);
    }
  }

  /** Storing a step's triggers must end before its first fire, or the first fires start late. */
  static void warnIfLate(Step step) {
    if (Instant.now().isAfter(step.first())) {
      System.out.println(
          "Warning: storing the triggers for "
              + step.rate()
              + "/s ended after the first fire time");
    }
  }

  /** Quartz cron for exactly one fire at {@code at} (UTC): the year field makes it fire once. */
  static String once(Instant at) {
    ZonedDateTime t = at.atZone(ZoneOffset.UTC);
    return "%d %d %d %d %d ? %d"
        .formatted(
            t.getSecond(),
            t.getMinute(),
            t.getHour(),
            t.getDayOfMonth(),
            t.getMonthValue(),
            t.getYear());
  }

  /**
   * The {@code i}-th idle schedule: yearly, spread over minutes, hours and days of the year, never
   * on today's date so none fires while the benchmark runs.
   */
  static String idle(int i, LocalDate today) {
    int month = 1 + (i / 28) % 12;
    int day = 1 + i % 28;
    if (month == today.getMonthValue() && Math.abs(day - today.getDayOfMonth()) <= 1) {
      month = month % 12 + 1;
    }
    return "%d %d %d %d %d ?".formatted(i % 60, (i / 7) % 60, (i / 13) % 24, day, month);
  }

  /**
   * What came of a step: for each fire, when it was due and when its work started (epoch millis,
   * {@code -1} when it never started within the wait).
   */
  record Result(Step step, long[] due, long[] started) {

    int completed() {
      return (int) Arrays.stream(started).filter(s -> s >= 0).count();
    }

    /**
     * Started per second, over the time from the first fire time to the last start (at least the
     * step's own length, so a run that keeps up scores exactly the offered rate).
     */
    double throughput() {
      long first = step.first().toEpochMilli();
      long lastStart = Arrays.stream(started).max().orElse(first);
      double span = Math.max(step.seconds() * 1000.0, lastStart - first);
      return completed() / (span / 1000.0);
    }

    /**
     * Fire-to-start latency at percentile {@code p} in ms; one that never started counts as
     * endless.
     */
    double latency(int p) {
      List<Long> all = new ArrayList<>();
      for (int i = 0; i < due.length; i++) {
        all.add(started[i] < 0 ? Long.MAX_VALUE : started[i] - due[i]);
      }
      all.sort(null);
      long value = all.get(Math.min(all.size() - 1, (int) Math.ceil(p / 100.0 * all.size()) - 1));
      return value == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : value;
    }

    /** Kept up: at least 95% of the offered rate, and p99 under a second. */
    boolean sustained() {
      return throughput() >= 0.95 * step.rate() && latency(99) < 1000;
    }

    String row(String setup, Result baseline) {
      return String.format(
          Locale.ROOT,
          "| %s | %d | %.1f | %s | %s | %s | %s |",
          setup,
          step.rate(),
          throughput(),
          ms(latency(50)),
          ms(latency(99)),
          baseline == null
              ? ""
              : String.format(Locale.ROOT, "%.2f", throughput() / baseline.throughput()),
          sustained() ? "yes" : "no");
    }

    private static String ms(double millis) {
      return Double.isInfinite(millis) ? "never" : String.format(Locale.ROOT, "%.0f ms", millis);
    }
  }
}

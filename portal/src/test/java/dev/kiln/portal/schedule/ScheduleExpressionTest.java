package dev.kiln.portal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {

  private static final Instant NOW = Instant.parse("2026-03-27T12:00:00Z"); // a Friday, two days before Paris's DST

  @Test
  void unixFiveFieldsFireAtTheirLocalTime() {
    var e = ScheduleExpression.parse("0 9 * * MON-FRI", "America/New_York", 1);
    assertThat(e.quartzExpression()).isEqualTo("0 0 9 ? * MON-FRI");
    // NOW is 08:00 in New York, a Friday.
    assertThat(e.nextFireTimes(NOW, 3)).extracting(ZonedDateTime::toString).containsExactly(
        "2026-03-27T09:00-04:00[America/New_York]", "2026-03-30T09:00-04:00[America/New_York]",
        "2026-03-31T09:00-04:00[America/New_York]");
  }

  @Test
  void unixWeekdayNumbersBecomeQuartzWeekdays() {
    assertThat(ScheduleExpression.parse("30 2 * * 0", "UTC", 1).quartzExpression()).isEqualTo("0 30 2 ? * SUN");
    assertThat(ScheduleExpression.parse("30 2 * * 7", "UTC", 1).quartzExpression()).isEqualTo("0 30 2 ? * SUN");
    assertThat(ScheduleExpression.parse("0 0 * * 1-5/2", "UTC", 1).quartzExpression()).isEqualTo("0 0 0 ? * MON-FRI/2");
    // Sunday 29 March 2026 is the first fire of a Sunday schedule after NOW.
    assertThat(ScheduleExpression.parse("30 2 * * 0", "UTC", 1).nextFireTimes(NOW, 1).getFirst().toString())
        .isEqualTo("2026-03-29T02:30Z[UTC]");
  }

  @Test
  void quartzSyntaxWithSecondsIsTakenAsIs() {
    var e = ScheduleExpression.parse("*/5 * * * * ?", "UTC", 1);
    assertThat(e.quartzExpression()).isEqualTo("*/5 * * * * ?");
    assertThat(e.nextFireTimes(NOW, 2)).extracting(t -> t.toInstant().toString())
        .containsExactly("2026-03-27T12:00:05Z", "2026-03-27T12:00:10Z");
  }

  @Test
  void aTimeThatDaylightSavingSkipsDoesNotFireThatDay() {
    // 02:30 does not exist in Paris on 29 March 2026: Quartz skips that day (the form's preview shows it).
    var times = ScheduleExpression.parse("30 2 * * *", "Europe/Paris", 1).nextFireTimes(NOW, 3);
    assertThat(times).extracting(ZonedDateTime::toString).containsExactly(
        "2026-03-28T02:30+01:00[Europe/Paris]", "2026-03-30T02:30+02:00[Europe/Paris]",
        "2026-03-31T02:30+02:00[Europe/Paris]");
  }

  @Test
  void hashIsStablePerSeedAndSpreadsOverSeeds() {
    var first = ScheduleExpression.parse("H H(0-5) * * *", "UTC", 42).quartzExpression();
    assertThat(ScheduleExpression.parse("H H(0-5) * * *", "UTC", 42).quartzExpression()).isEqualTo(first);
    var minutes = new HashSet<String>();
    LongStream.range(0, 50).forEach(seed -> {
      String[] fields = ScheduleExpression.parse("H H(0-5) * * *", "UTC", seed).quartzExpression().split(" ");
      assertThat(Integer.parseInt(fields[1])).isBetween(0, 59);
      assertThat(Integer.parseInt(fields[2])).isBetween(0, 5);
      minutes.add(fields[1]);
    });
    assertThat(minutes).as("50 projects spread over the hour").hasSizeGreaterThan(25);
  }

  @Test
  void hashWithAStepStartsWithinTheStep() {
    for (long seed = 0; seed < 30; seed++) {
      String minute = ScheduleExpression.parse("H/15 * * * *", "UTC", seed).quartzExpression().split(" ")[1];
      assertThat(minute).matches("\\d+/15");
      assertThat(Integer.parseInt(minute.split("/")[0])).isBetween(0, 14);
    }
  }

  @Test
  void describesInWords() {
    assertThat(ScheduleExpression.parse("0 3 * * *", "UTC", 1).description()).containsIgnoringCase("3");
    assertThat(ScheduleExpression.parse("0 3 * * *", "UTC", 1).description()).isNotEqualTo("0 0 3 * * ?");
  }

  @Test
  void refusesWhatCannotWork() {
    assertRefused("*/0 * * * *", "UTC", "step of 0");
    assertRefused("0 0 31 2 *", "UTC", "never fires");
    assertRefused("0 0 30 2 *", "UTC", "never fires");
    assertRefused("0 9 * * *", "Mars/Olympus", "Unknown time zone 'Mars/Olympus'");
    assertRefused("0 9 * * *", "PST", "abbreviations are ambiguous");
    assertRefused("0 9 * * *", "", "Choose a time zone");
    assertRefused("", "UTC", "Write a cron expression");
    assertRefused("* * *", "UTC", "Give 5 fields");
    assertRefused("61 * * * *", "UTC", "Not a valid cron expression");
    assertRefused("0 9 1 * MON", "UTC", "either a day of the month or a day of the week");
    assertRefused("0 9 * * 8", "UTC", "Day of the week 8");
    assertRefused("H(50-70) * * * *", "UTC", "within 0-59");
    assertRefused("noon * * * *", "UTC", "Not a valid cron expression");
  }

  private static void assertRefused(String expression, String zone, String message) {
    assertThatThrownBy(() -> ScheduleExpression.parse(expression, zone, 1))
        .isInstanceOf(InvalidScheduleException.class).hasMessageContaining(message);
  }
}

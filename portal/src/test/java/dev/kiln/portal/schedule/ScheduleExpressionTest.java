package dev.kiln.portal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleExpressionTest {

  private static final Instant NOW =
      Instant.parse("2026-03-27T12:00:00Z"); // a Friday, two days before Europe's DST

  @Test
  void unixFiveFieldsFireAtTheirLocalTime() {
    var e = ScheduleExpression.parse("0 9 * * MON-FRI", "America/New_York", 1);
    assertThat(e.quartzExpression()).isEqualTo("0 0 9 ? * MON-FRI");
    // NOW is 08:00 in New York, a Friday.
    assertThat(e.nextFireTimes(NOW, 3))
        .extracting(ZonedDateTime::toString)
        .containsExactly(
            "2026-03-27T09:00-04:00[America/New_York]",
            "2026-03-30T09:00-04:00[America/New_York]",
            "2026-03-31T09:00-04:00[America/New_York]");
  }

  @ParameterizedTest(name = "Unix weekday {0} is {1}")
  @CsvSource({
    "0, SUNDAY",
    "1, MONDAY",
    "2, TUESDAY",
    "3, WEDNESDAY",
    "4, THURSDAY",
    "5, FRIDAY",
    "6, SATURDAY",
    "7, SUNDAY",
    "sun, SUNDAY",
    "MON, MONDAY",
    "thu, THURSDAY",
    "SAT, SATURDAY"
  })
  void unixWeekdaysFireOnThatDayAndSayItsName(String weekday, DayOfWeek day) {
    var e = ScheduleExpression.parse("0 9 * * " + weekday, "UTC", 1);
    assertThat(e.nextFireTimes(NOW, 3))
        .allSatisfy(t -> assertThat(t.getDayOfWeek()).isEqualTo(day));
    String name = day.name().charAt(0) + day.name().substring(1).toLowerCase();
    assertThat(e.description()).isEqualTo("every " + name + " at 09:00");
  }

  @Test
  void unixWeekdayRangesListsAndStepsBecomeQuartzDays() {
    assertThat(quartz("0 9 * * 1-5")).isEqualTo("0 0 9 ? * MON-FRI");
    assertThat(quartz("0 0 * * 1-5/2")).isEqualTo("0 0 0 ? * MON,WED,FRI");
    assertThat(quartz("0 0 * * */2")).isEqualTo("0 0 0 ? * SUN,TUE,THU,SAT");
    assertThat(quartz("0 0 * * 5-7")).isEqualTo("0 0 0 ? * SUN,FRI,SAT");
    assertThat(quartz("0 0 * * SAT-SUN")).isEqualTo("0 0 0 ? * SUN,SAT");
    assertThat(quartz("0 0 * * 0,7")).isEqualTo("0 0 0 ? * SUN");
    // Quartz's L and # after a Unix day number: 5L is the last Friday, 1#2 the second Monday.
    var lastFriday = ScheduleExpression.parse("0 13 * * 5L", "UTC", 1);
    assertThat(lastFriday.nextFireTimes(NOW, 2))
        .extracting(t -> t.toLocalDate().toString())
        .containsExactly("2026-03-27", "2026-04-24");
    assertThat(
            ScheduleExpression.parse("0 12 * * 1#2", "UTC", 1)
                .nextFireTimes(NOW, 1)
                .getFirst()
                .toLocalDate())
        .hasToString("2026-04-13");
  }

  @Test
  void quartzSyntaxWithSecondsIsTakenAsIs() {
    var e = ScheduleExpression.parse("*/5 * * * * ?", "UTC", 1);
    assertThat(e.quartzExpression()).isEqualTo("*/5 * * * * ?");
    assertThat(e.nextFireTimes(NOW, 2))
        .extracting(t -> t.toInstant().toString())
        .containsExactly("2026-03-27T12:00:05Z", "2026-03-27T12:00:10Z");
  }

  @Test
  void quartzSpecialFormsFireOnTheRightDays() {
    assertThat(dates("0 0 12 L * ?", 2)).containsExactly("2026-03-31", "2026-04-30");
    assertThat(dates("0 0 12 LW * ?", 2)).containsExactly("2026-03-31", "2026-04-30");
    assertThat(dates("0 0 12 15W * ?", 2))
        .containsExactly("2026-04-15", "2026-05-15"); // both weekdays
    assertThat(dates("0 0 12 ? * 6#3", 2)).containsExactly("2026-04-17", "2026-05-15");
    assertThat(dates("0 0 13 ? * 6L", 2)).containsExactly("2026-03-27", "2026-04-24");
    assertThat(dates("0 0 12 ? * 2/2", 3))
        .containsExactly("2026-03-30", "2026-04-01", "2026-04-03"); // Mon, Wed, Fri
    // A * in one of the day fields stands for Quartz's ?.
    assertThat(quartz("0 0 9 * * MON")).isEqualTo("0 0 9 ? * MON");
    assertThat(quartz("0 0 9 1 * *")).isEqualTo("0 0 9 1 * ?");
  }

  @Test
  void aYearFieldFiresOnlyThen() {
    var e = ScheduleExpression.parse("0 0 0 1 1 ? 2090", "UTC", 1);
    assertThat(e.nextFireTimes(NOW, 5))
        .extracting(ZonedDateTime::toString)
        .containsExactly("2090-01-01T00:00Z[UTC]");
    assertThat(e.description()).isEqualTo("on 1 January 2090 at 00:00");
    assertRefused("0 0 0 1 1 ? 2020", "UTC", "never fires");
    assertRefused(
        "0 0 0 1 1 ? 2100", "UTC", "2100 is out of range for the year field: use 1970-2099.");
  }

  @Test
  void aTimeTheClocksSkipDoesNotFireThatDay() {
    var berlin = ScheduleExpression.parse("30 2 * * *", "Europe/Berlin", 1);
    assertThat(berlin.nextFireTimes(NOW, 3))
        .extracting(ZonedDateTime::toString)
        .containsExactly(
            "2026-03-28T02:30+01:00[Europe/Berlin]",
            "2026-03-30T02:30+02:00[Europe/Berlin]",
            "2026-03-31T02:30+02:00[Europe/Berlin]");
    assertThat(berlin.description(NOW))
        .isEqualTo(
            "at 02:30 every day (02:30 is skipped on 29 March 2026, when the"
                + " clocks go forward; 02:30 runs once on 25 October 2026, when the clocks go back)");
    var newYork = ScheduleExpression.parse("30 2 * * *", "America/New_York", 1);
    assertThat(newYork.nextFireTimes(Instant.parse("2026-03-07T12:00:00Z"), 2))
        .extracting(ZonedDateTime::toString)
        .containsExactly(
            "2026-03-09T02:30-04:00[America/New_York]", "2026-03-10T02:30-04:00[America/New_York]");
  }

  @Test
  void aTimeTheClocksRepeatFiresOnce() {
    var berlin = ScheduleExpression.parse("30 2 * * *", "Europe/Berlin", 1);
    assertThat(berlin.nextFireTimes(Instant.parse("2026-10-23T12:00:00Z"), 3))
        .extracting(ZonedDateTime::toString)
        .containsExactly(
            "2026-10-24T02:30+02:00[Europe/Berlin]",
            "2026-10-25T02:30+01:00[Europe/Berlin]",
            "2026-10-26T02:30+01:00[Europe/Berlin]");
    var newYork = ScheduleExpression.parse("30 1 * * *", "America/New_York", 1);
    assertThat(newYork.nextFireTimes(Instant.parse("2026-10-30T12:00:00Z"), 3))
        .extracting(ZonedDateTime::toString)
        .containsExactly(
            "2026-10-31T01:30-04:00[America/New_York]",
            "2026-11-01T01:30-05:00[America/New_York]",
            "2026-11-02T01:30-05:00[America/New_York]");
    // An hourly job keeps one run per wall-clock hour.
    var hourly = ScheduleExpression.parse("0 * * * *", "Europe/Berlin", 1);
    assertThat(hourly.nextFireTimes(Instant.parse("2026-10-24T22:30:00Z"), 3))
        .extracting(ZonedDateTime::toString)
        .containsExactly(
            "2026-10-25T01:00+02:00[Europe/Berlin]",
            "2026-10-25T02:00+01:00[Europe/Berlin]",
            "2026-10-25T03:00+01:00[Europe/Berlin]");
  }

  @Test
  void clockChangesAreOnlyMentionedWhenTheyTouchTheSchedule() {
    assertThat(ScheduleExpression.parse("30 3 * * *", "Europe/Berlin", 1).description(NOW))
        .isEqualTo("at 03:30 every day");
    assertThat(ScheduleExpression.parse("30 2 * * 1-5", "Europe/Berlin", 1).description(NOW))
        .as("the clocks change on Sundays")
        .isEqualTo("Monday to Friday at 02:30");
    assertThat(ScheduleExpression.parse("30 2 * * *", "UTC", 1).description(NOW))
        .isEqualTo("at 02:30 every day");
    assertThat(ScheduleExpression.parse("*/15 * * * *", "Europe/Berlin", 1).description(NOW))
        .isEqualTo("every 15 minutes");
  }

  @Test
  void hashIsStablePerSeedAndSpreadsOverSeeds() {
    var first = ScheduleExpression.parse("H H(0-5) * * *", "UTC", 42).quartzExpression();
    assertThat(ScheduleExpression.parse("H H(0-5) * * *", "UTC", 42).quartzExpression())
        .isEqualTo(first);
    // Saved schedules must keep their times across Kiln versions: these values are fixed.
    assertThat(first).isEqualTo("0 44 5 * * ?");
    assertThat(ScheduleExpression.parse("H H H ? * H", "UTC", 7).quartzExpression())
        .isEqualTo("41 57 17 ? * 7");
    var minutes = new HashSet<String>();
    LongStream.range(0, 50)
        .forEach(
            seed -> {
              String[] fields =
                  ScheduleExpression.parse("H H(0-5) * * *", "UTC", seed)
                      .quartzExpression()
                      .split(" ");
              assertThat(Integer.parseInt(fields[1])).isBetween(0, 59);
              assertThat(Integer.parseInt(fields[2])).isBetween(0, 5);
              minutes.add(fields[1]);
            });
    assertThat(minutes).as("50 projects spread over the hour").hasSizeGreaterThan(25);
  }

  @Test
  void hashInEveryFieldStaysInItsRange() {
    for (long seed = 0; seed < 200; seed++) {
      String[] unix =
          ScheduleExpression.parse("H H H * *", "UTC", seed).quartzExpression().split(" ");
      assertThat(Integer.parseInt(unix[3])).as("day of the month").isBetween(1, 28);
      String[] months =
          ScheduleExpression.parse("H H 1 H *", "UTC", seed).quartzExpression().split(" ");
      assertThat(Integer.parseInt(months[4])).as("month").isBetween(1, 12);
      var weekday = ScheduleExpression.parse("H H * * H", "UTC", seed);
      assertThat(weekday.quartzExpression().split(" ")[5])
          .isIn("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
      assertThat(weekday.nextFireTimes(NOW, 2)).hasSize(2);
      String[] quartz =
          ScheduleExpression.parse("H H H ? * H", "UTC", seed).quartzExpression().split(" ");
      assertThat(Integer.parseInt(quartz[0])).as("second").isBetween(0, 59);
      assertThat(Integer.parseInt(quartz[5])).as("Quartz weekday").isBetween(1, 7);
      String minute =
          ScheduleExpression.parse("H(0-29) * * * *", "UTC", seed).quartzExpression().split(" ")[1];
      assertThat(Integer.parseInt(minute)).isBetween(0, 29);
    }
  }

  @Test
  void hashWithAStepStartsWithinTheStep() {
    for (long seed = 0; seed < 30; seed++) {
      var e = ScheduleExpression.parse("H/15 * * * *", "UTC", seed);
      String minute = e.quartzExpression().split(" ")[1];
      assertThat(minute).matches("\\d+/15");
      int start = Integer.parseInt(minute.split("/")[0]);
      assertThat(start).isBetween(0, 14);
      assertThat(e.nextFireTimes(NOW, 4))
          .extracting(ZonedDateTime::getMinute)
          .containsExactlyInAnyOrder(start, start + 15, start + 30, start + 45);
      assertThat(e.description()).startsWith("every 15 minutes");
    }
    String ranged =
        ScheduleExpression.parse("H(0-29)/10 * * * *", "UTC", 3).quartzExpression().split(" ")[1];
    assertThat(ranged).matches("\\d-29/10");
  }

  @Test
  void describesCommonSchedulesInPlainWords() {
    assertThat(words("*/15 * * * *")).isEqualTo("every 15 minutes");
    assertThat(words("17 3 * * *")).isEqualTo("at 03:17 every day");
    assertThat(words("0 9 * * 1-5")).isEqualTo("Monday to Friday at 09:00");
    assertThat(words("* * * * *")).isEqualTo("every minute");
    assertThat(words("15 * * * *")).isEqualTo("every hour at :15");
    assertThat(words("0 */2 * * *")).isEqualTo("every 2 hours");
    assertThat(words("30 9,17 * * *")).isEqualTo("at 09:30 and 17:30 every day");
    assertThat(words("0 9-17 * * *")).isEqualTo("every hour from 09:00 to 17:00");
    assertThat(words("*/15 9-17 * * 1-5"))
        .isEqualTo("Monday to Friday, every 15 minutes from 09:00 to 17:45");
    assertThat(words("0 0 * * 0,6")).isEqualTo("every Saturday and Sunday at 00:00");
    assertThat(words("0 0 1,15 * *")).isEqualTo("on the 1st and 15th of the month at 00:00");
    assertThat(words("0 0 * 3-10 *")).isEqualTo("at 00:00 every day from March to October");
    assertThat(words("0 0 1 1 *")).isEqualTo("on 1 January at 00:00");
    assertThat(words("0 12 * * 5L")).isEqualTo("on the last Friday of the month at 12:00");
    assertThat(words("0 12 * * 5#3")).isEqualTo("on the third Friday of the month at 12:00");
    assertThat(words("0 12 * * 1#2")).isEqualTo("on the second Monday of the month at 12:00");
    assertThat(words("0 30 */6 * * ?")).isEqualTo("every 6 hours at :30");
    assertThat(words("3/5 * * * *")).isEqualTo("every 5 minutes (:03, :08 … :58)");
    assertThat(words("0 0 01 02 *")).isEqualTo("on 1 February at 00:00");
    assertThat(words("0 0 12 LW * ?")).isEqualTo("on the last weekday of the month at 12:00");
    assertThat(words("0 0 0 1 1 ? 2030")).isEqualTo("on 1 January 2030 at 00:00");
    assertThat(words("0 0 12 L * ?")).isEqualTo("on the last day of the month at 12:00");
    assertThat(words("0 0 12 15W * ?"))
        .isEqualTo("on the weekday nearest the 15th of the month at 12:00");
    assertThat(words("*/5 * * * * ?")).isEqualTo("every 5 seconds");
    assertThat(words("15 30 10 * * ?")).isEqualTo("at 10:30:15 every day");
    assertThat(words("0 0 0 ? * 2/2")).isEqualTo("every Monday, Wednesday and Friday at 00:00");
    assertThat(words("0 0 12 L-3 * ?"))
        .as("cron-utils words the rest")
        .contains("last day of the month");
  }

  @Test
  void refusesWhatCannotWorkAndSaysWhy() {
    assertRefused("*/0 * * * *", "UTC", "A step of 0 (\"*/0\" in the minute field) never moves on");
    assertRefused("0 */0 * * *", "UTC", "\"*/0\" in the hour field");
    assertRefused("H/0 * * * *", "UTC", "A step of 0 (\"H/0\" in the minute field)");
    assertRefused(
        "*/60 * * * *",
        "UTC",
        "A step of 60 (\"*/60\" in the minute field) is larger than the field");
    assertRefused("0 0 31 2 *", "UTC", "This schedule never fires");
    assertRefused("0 0 30 2 *", "UTC", "never fires");
    assertRefused("0 0 31 4,6,9,11 *", "UTC", "never fires");
    assertRefused("0 0 0 30 2 ?", "UTC", "never fires");
    assertRefused("", "UTC", "Write a cron expression");
    assertRefused("* * *", "UTC", "Give 5 fields");
    assertRefused(
        "@daily", "UTC", "@daily is not supported: write the fields, for example 0 0 * * *");
    assertRefused("61 * * * *", "UTC", "61 is out of range for the minute field: use 0-59.");
    assertRefused("0 24 * * *", "UTC", "24 is out of range for the hour field: use 0-23.");
    assertRefused(
        "0 0 0 * *", "UTC", "0 is out of range for the day of the month field: use 1-31.");
    assertRefused("0 0 1 13 *", "UTC", "13 is out of range for the month field: use 1-12.");
    assertRefused(
        "0 9 * * 8",
        "UTC",
        "8 is out of range for the day of the week field: use 0-7 (0 and 7 are Sunday).");
    assertRefused("0 0 12 ? * 8", "UTC", "use 1-7 (1 is Sunday)");
    assertRefused("30-10 * * * *", "UTC", "\"30-10\" in the minute field runs backwards");
    assertRefused("0 22-2 * * *", "UTC", "write 22-23,0-2 instead");
    assertRefused(
        "0 0 * * 7/2",
        "UTC",
        "\"7/2\" in the day of the week field starts past the field's end: a step starts from 0 to 6.");
    assertRefused("0 0 * * FRI-MON", "UTC", "write FRI-SAT,SUN-MON instead");
    assertRefused("0 9 1 * MON", "UTC", "Unix cron would run on days matching either one");
    assertRefused("0 0 0 L * MON", "UTC", "put ? in one of them");
    assertRefused("H(50-70) * * * *", "UTC", "within 0-59");
    assertRefused("0 0 H(1-31) * *", "UTC", "within 1-28");
    assertRefused("0 0 0 1 1 ? H", "UTC", "H cannot be used in the year field");
    assertRefused("noon * * * *", "UTC", "\"NOON\" in the minute field is not a number");
    assertRefused(
        "0 0 1 JNU *", "UTC", "\"JNU\" in the month field is not a number or a name (JAN-DEC)");
    assertRefused(
        "? * * * *", "UTC", "? only stands in the day of the month or the day of the week field");
    assertRefused("0 0 * * 5L,1", "UTC", "write L and # alone after one day");
  }

  @Test
  void refusesUnknownAndAmbiguousTimeZones() {
    assertRefused("0 9 * * *", "Mars/Olympus", "Unknown time zone: Mars/Olympus.");
    assertRefused(
        "0 9 * * *",
        "europe/berlin",
        "Unknown time zone: europe/berlin. Did you mean Europe/Berlin?");
    assertRefused("0 9 * * *", "EST", "Unknown time zone: EST. Abbreviations are ambiguous");
    assertRefused("0 9 * * *", "EST", "America/New_York (for EST)");
    assertRefused("0 9 * * *", "CET", "Europe/Berlin (for CET)");
    assertRefused("0 9 * * *", "PST", "Abbreviations are ambiguous");
    assertRefused("0 9 * * *", "", "Choose a time zone");
    for (String zone :
        List.of("Europe/Berlin", "America/New_York", "UTC", "utc", "GMT", "Etc/UTC", "+02:00")) {
      assertThat(ScheduleExpression.parse("0 9 * * *", zone, 1).nextFireTimes(NOW, 1)).hasSize(1);
    }
    assertThat(ScheduleExpression.parse("0 9 * * *", "utc", 1).zone().getId()).isEqualTo("UTC");
  }

  private static String quartz(String expression) {
    return ScheduleExpression.parse(expression, "UTC", 1).quartzExpression();
  }

  private static String words(String expression) {
    return ScheduleExpression.parse(expression, "UTC", 1).description();
  }

  private static List<String> dates(String expression, int count) {
    return ScheduleExpression.parse(expression, "UTC", 1).nextFireTimes(NOW, count).stream()
        .map(t -> t.toLocalDate().toString())
        .toList();
  }

  private static void assertRefused(String expression, String zone, String message) {
    assertThatThrownBy(() -> ScheduleExpression.parse(expression, zone, 1))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining(message);
  }

  /**
   * The sub-minute rule against Quartz itself: an expression fires twice within one minute exactly
   * when the rule says its seconds field has more than one value, in every syntax form and with H.
   */
  @ParameterizedTest(name = "{0}: {1} a minute")
  @CsvSource(
      delimiter = '|',
      value = {
        "*/30 * * * * ?|2", "0,30 * * * * ?|2", "0-59 * * * * ?|60", "* * * * * ?|60",
            "0/59 * * * * ?|2",
        "10-12 * * * * ?|3", "H/20 * * * * ?|3", "H(0-29)/10 * * * * ?|3", "h/30 0 3 * * ?|2",
            "5,5 * * * * ?|1",
        "H * * * * ?|1", "H(10-20) * * * * ?|1", "30 * * * * ?|1", "59/30 * * * * ?|1",
            "30-30 * * * * ?|1",
        "0 0 3 * * ?|1", "* * * * *|1", "*/5 * * * *|1", "H H * * *|1"
      })
  void firesMoreThanOncePerMinuteExactlyWhenItsSecondsHaveSeveralValues(
      String expression, int perMinute) {
    var e = ScheduleExpression.parse(expression, "UTC", 17);
    assertThat(e.secondsPerMinute()).isEqualTo(perMinute);
    assertThat(e.firesMoreThanOncePerMinute()).isEqualTo(perMinute > 1);
    List<ZonedDateTime> fires = e.nextFireTimes(NOW, 200);
    boolean twiceInAMinute = false;
    for (int i = 1; i < fires.size(); i++) {
      twiceInAMinute |= fires.get(i).toEpochSecond() / 60 == fires.get(i - 1).toEpochSecond() / 60;
    }
    assertThat(twiceInAMinute).as("Quartz fires it twice within a minute").isEqualTo(perMinute > 1);
  }
}

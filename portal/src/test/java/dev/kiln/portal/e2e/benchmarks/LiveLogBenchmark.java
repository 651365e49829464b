package dev.kiln.portal.e2e.benchmarks;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import dev.kiln.portal.e2e.screens.BuildScreen;
import dev.kiln.portal.e2e.screens.NewUserWalk;
import dev.kiln.portal.e2e.screens.ProjectScreen;
import dev.kiln.portal.e2e.screens.ProjectsScreen;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast a build may print before the live log viewer falls behind. For each rate, a build prints
 * lines stamped with the time they were written, paced by perl, for a few seconds; the browser
 * samples the newest line it shows every 100 ms and the lag between its stamp and now. The
 * baseline, measured in the same run, is the producer's own rate: the result is the ratio of lines
 * shown per second to lines printed per second, with the lag's p50/p95/max.
 *
 * <p>Run with {@code ./mvnw -Pbenchmark verify}; it is not part of the test suite.
 */
class LiveLogBenchmark {

  static final int[] RATES = {1_000, 10_000, 50_000, 200_000};
  static final int SECONDS = 8;

  @TempDir Path tmp;

  @Test
  void liveLogKeepsUpWithTheBuild() throws Exception {
    try (var kiln = KilnProcess.start(tmp.resolve("home"), "benchmark", Map.of());
        var browser = new Chromium("benchmark")) {
      kiln.awaitReady();
      Page page = browser.newPage();
      NewUserWalk.firstLogIn(kiln, browser, page);
      List<String> report = new ArrayList<>();
      for (int rate : RATES) {
        page.navigate(kiln.url());
        var form = ProjectsScreen.expect(page).newProject();
        form.name("log-" + rate).script(producer(rate, SECONDS)).save();
        var build = ProjectScreen.expect(page, "log-" + rate).runNow();
        report.add(measure(page, build, rate));
      }
      browser.screenshot(page, "after-" + RATES[RATES.length - 1] + "-lines-per-second");
      System.out.println(
          "\nLive log viewer (" + SECONDS + " s per rate, lag = now - stamp of newest line shown)");
      System.out.println(
          "rate lines/s | printed lines/s | shown lines/s | shown/printed | lag p50 | lag p95 | lag max");
      report.forEach(System.out::println);
    }
  }

  /** A script printing {@code rate} lines/s for {@code seconds}, each stamped with its time. */
  static String producer(int rate, int seconds) {
    return """
        perl -MTime::HiRes=time,sleep -e '
          $| = 1; my ($rate, $secs) = @ARGV; my $start = time; my $n = 0;
          while ((my $t = time) - $start < $secs) {
            my $due = int(($t - $start) * $rate);
            while ($n < $due) { $n++; printf "line %%d at %%.3f\\n", $n, time; }
            sleep 0.005;
          }
          printf "printed %%d lines in %%.3f s\\n", $n, time - $start;' %d %d
        """
        .formatted(rate, seconds);
  }

  private static String measure(Page page, BuildScreen build, int rate) {
    List<Double> lags = new ArrayList<>();
    long firstShown = -1;
    long lastLine = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(SECONDS * 6L).toNanos();
    while (System.nanoTime() < deadline) {
      Object tail =
          page.evaluate(
              """
          () => { const log = document.querySelector('#build-log');
                  const last = log && log.lastElementChild;
                  return last ? last.textContent.slice(-400) : ''; }""");
      String text = String.valueOf(tail);
      if (text.contains("printed ")) {
        break;
      }
      var matcher = Pattern.compile("line (\\d+) at ([0-9.]+)\\n?[^\\n]*$").matcher(text);
      if (matcher.find()) {
        if (firstShown < 0) {
          firstShown = System.nanoTime();
        }
        lastLine = Long.parseLong(matcher.group(1));
        lags.add(System.currentTimeMillis() / 1000.0 - Double.parseDouble(matcher.group(2)));
      }
      page.waitForTimeout(100);
    }
    assertThat(build.log())
        .containsText("printed ", new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
    long shownDone = System.nanoTime();
    String summary = build.log().textContent();
    var printed = Pattern.compile("printed (\\d+) lines in ([0-9.]+) s").matcher(summary);
    printed.find();
    long lines = Long.parseLong(printed.group(1));
    double printedRate = lines / Double.parseDouble(printed.group(2));
    double shownRate = lines / ((shownDone - firstShown) / 1e9);
    Collections.sort(lags);
    return String.format(
        Locale.ROOT,
        "%12d | %15.0f | %13.0f | %13.2f | %5.2f s | %5.2f s | %5.2f s",
        rate,
        printedRate,
        shownRate,
        shownRate / printedRate,
        pct(lags, 50),
        pct(lags, 95),
        pct(lags, 100));
  }

  private static double pct(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}

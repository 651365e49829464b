package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started and stopped as a terminal or a service manager does: under the POSIX
 * locale, past what builds of an earlier run left in its work folder, with builds whose scripts
 * leave trees deeper than PATH_MAX; Ctrl+C (SIGINT) and SIGTERM stop it with their exit codes and
 * not one stack trace or error line; and a start that fails ends the process with an error code
 * instead of leaving it running.
 */
class StartAndStopIT {

  /**
   * What a build may leave: a tree deeper than PATH_MAX, names no charset decodes, locked folders.
   */
  static final String NASTY_TREE =
      """
      mkdir -p "$(printf 'a/%.0s' $(seq 1 5000))"
      touch -- $'bad\\xff' $'new\\nline'
      mkdir -p locked/inner && touch locked/inner/file && chmod 000 locked/inner locked
      mkfifo fifo
      """;

  private static final Duration STOP = Duration.ofMinutes(2);

  /** A start, then at most the minute a failed start has to shut down before Kiln halts the JVM. */
  private static final Duration FAILED_START = KilnProcess.STARTUP.plusMinutes(1);

  private static final Pattern TROUBLE = Pattern.compile("(?m)^\\tat |Exception|\\bERROR\\b");

  @TempDir Path tmp;

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void startsPastLeftoversRunsBuildsAndStopsCleanlyOnCtrlCAndSigterm() throws Exception {
    Path home = tmp.resolve("home");
    Path work = home.resolve("kiln-data/work");
    bash(work.resolve("build-900001"), NASTY_TREE); // an earlier run's leftovers
    boolean immutable =
        root() && bash(work.resolve("build-900002"), "touch stuck && chattr +i stuck") == 0;
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "kept");

    try (var browser = new Chromium("start-stop")) {
      // LANG=C as a service manager may start it: Java then reads file names as ASCII.
      var kiln =
          KilnProcess.startWithDefaultSignals(
              home,
              "start-stop-ctrl-c",
              Map.of("LANG", "C", "LC_ALL", "C"),
              KilnProcess.freePort());
      try {
        kiln.awaitReady();
        KilnSpringTest.await(
            "the leftover folder to be removed",
            Duration.ofMinutes(2),
            () -> !Files.exists(work.resolve("build-900001")));
        if (immutable) {
          KilnSpringTest.await(
              "the folder it cannot remove to be named",
              Duration.ofMinutes(1),
              () -> console(kiln).contains(work.resolve("build-900002/stuck").toString()));
          assertThat(console(kiln)).contains("Kiln tries again");
        }

        Page page = firstPage(browser, kiln);
        NewUserWalk.firstLogIn(kiln, browser, page)
            .newProject()
            .name("nasty")
            .script(NASTY_TREE + "ln -s '" + outside + "' outside\necho made\n")
            .save();
        var nasty = ProjectScreen.expect(page, "nasty").runNow();
        nasty.awaitState("SUCCEEDED", Duration.ofMinutes(2));
        assertThat(nasty.log()).containsText("made");
        browser.screenshot(page, "nasty-tree-build-succeeded");
        long nastyId = nasty.id();
        KilnSpringTest.await(
            "the build's folder to be removed",
            Duration.ofMinutes(2),
            () -> !Files.exists(work.resolve("build-" + nastyId)));
        assertThat(outside.resolve("keep")).hasContent("kept");

        // A build still running when Ctrl+C comes.
        page.navigate(kiln.url());
        ProjectsScreen.expect(page)
            .newProject()
            .name("long")
            .script("echo started\nsleep 600\n")
            .save();
        var running = ProjectScreen.expect(page, "long").runNow();
        assertThat(running.log())
            .containsText(
                "started", new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));

        int before = console(kiln).length();
        kiln.signal("INT");
        assertThat(kiln.awaitExit(STOP)).as("exit code after SIGINT").isEqualTo(130);
        assertNoTrouble(console(kiln).substring(before), "SIGINT");
        assertThat(home.resolve("kiln-data/postgres/postmaster.pid"))
            .as("PostgreSQL stopped")
            .doesNotExist();
      } finally {
        kiln.close();
      }

      var again =
          KilnProcess.startWithDefaultSignals(
              home, "start-stop-sigterm", Map.of(), KilnProcess.freePort());
      try {
        again.awaitReady();
        Page page = firstPage(browser, again);
        LoginScreen.open(page, again.url()).logIn("admin", NewUserWalk.PASSWORD);
        ProjectsScreen.expect(page);
        browser.screenshot(page, "after-restart");
        int before = console(again).length();
        again.signal("TERM");
        assertThat(again.awaitExit(STOP)).as("exit code after SIGTERM").isEqualTo(143);
        assertNoTrouble(console(again).substring(before), "SIGTERM");
      } finally {
        again.close();
      }
    } finally {
      if (immutable) {
        bash(work.resolve("build-900002"), "chattr -i stuck");
      }
    }
  }

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void aStartThatFailsEndsTheProcessWithAnErrorCode() throws Exception {
    Path home = tmp.resolve("home");
    try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // The port is checked last, once the database, Quartz and the plugins have started.
      var kiln =
          KilnProcess.startWithDefaultSignals(
              home, "start-fails-port-taken", Map.of(), taken.getLocalPort());
      try {
        assertThat(kiln.awaitExit(FAILED_START)).isEqualTo(1);
        assertThat(kiln.consoleText())
            .contains("APPLICATION FAILED TO START", "Port " + taken.getLocalPort());
      } finally {
        kiln.close();
      }
    }
    var kiln =
        KilnProcess.startWithDefaultSignals(
            home,
            "start-fails-bad-value",
            Map.of("KILN_RUNNER_THREADS", "many"),
            KilnProcess.freePort());
    try {
      assertThat(kiln.awaitExit(FAILED_START)).isEqualTo(1);
      assertThat(kiln.consoleText()).contains("Application run failed", "'many'");
    } finally {
      kiln.close();
    }
  }

  /** A page on which the portal's first load, slow on a busy machine, is over. */
  private static Page firstPage(Chromium browser, KilnProcess kiln) {
    Page page = browser.newPage();
    page.navigate(kiln.url());
    assertThat(page.locator("vaadin-login-form"))
        .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(120_000));
    return page;
  }

  private static void assertNoTrouble(String output, String signal) {
    assertThat(output).as("output after " + signal).doesNotContainPattern(TROUBLE);
  }

  private static String console(KilnProcess kiln) {
    try {
      return kiln.consoleText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean root() throws IOException {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }

  private static int bash(Path dir, String script) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Process process =
        new ProcessBuilder(List.of("bash", "-euo", "pipefail", "-c", script))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    if (process.exitValue() != 0) {
      System.err.println("bash in " + dir + " exited with " + process.exitValue() + ": " + output);
    }
    return process.exitValue();
  }
}

package dev.kiln.builder.gha;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.LogSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Copies a completed run's logs into the build log. GitHub serves them as a zip holding one file
 * per job ({@code 0_build.txt}) and a folder per job with one file per step; the job files hold
 * everything, so only they are copied, in job order.
 */
final class RunLogs {

  private static final int ATTEMPTS = 3;

  private RunLogs() {}

  /**
   * Downloads and copies the logs of run {@code id}. A run whose logs cannot be had (expired,
   * deleted) is not a failed build: the log says so instead.
   */
  static void copy(
      GitHubApi api, GhaSettings settings, long id, Path workDirectory, Pause pause, LogSink log)
      throws InterruptedException {
    Path zip = workDirectory.resolve("run-" + id + "-logs.zip");
    try {
      download(api, settings, id, zip, pause);
      try (ZipFile logs = new ZipFile(zip.toFile())) {
        for (ZipEntry job : jobLogs(logs)) {
          log.notice("Log of job " + jobName(job.getName()) + ":");
          try (InputStream in = logs.getInputStream(job)) {
            LogLines.split(in, log::line);
          }
        }
      }
    } catch (BuildException | IOException e) {
      log.notice("The run's logs could not be copied: " + e.getMessage());
    } finally {
      deleteQuietly(zip);
    }
  }

  private static void download(GitHubApi api, GhaSettings settings, long id, Path zip, Pause pause)
      throws BuildException, InterruptedException {
    String path = settings.repoPath() + "/actions/runs/" + id + "/logs";
    for (int attempt = 1; ; attempt++) {
      try {
        api.download(path, zip);
        return;
      } catch (ApiFailure e) {
        // Right after completion GitHub may not have assembled the logs yet.
        if (e.status() != 404 || attempt == ATTEMPTS || !pause.sleep(settings.pollInterval())) {
          throw e;
        }
      }
    }
  }

  /** The per-job files at the top of the zip, by job number; every text file if there are none. */
  private static List<ZipEntry> jobLogs(ZipFile zip) {
    List<ZipEntry> text =
        zip.stream()
            .filter(e -> !e.isDirectory() && e.getName().endsWith(".txt"))
            .map(ZipEntry.class::cast)
            .toList();
    List<ZipEntry> jobs = text.stream().filter(e -> !e.getName().contains("/")).toList();
    return (jobs.isEmpty() ? text : jobs)
        .stream()
            .sorted(
                Comparator.comparingLong((ZipEntry e) -> order(e.getName()))
                    .thenComparing(ZipEntry::getName))
            .toList();
  }

  private static long order(String name) {
    String base = name.substring(name.lastIndexOf('/') + 1);
    String digits = base.replaceFirst("_.*", "");
    return digits.matches("\\d{1,9}") ? Long.parseLong(digits) : Long.MAX_VALUE;
  }

  private static String jobName(String name) {
    return name.replaceFirst("^\\d+_", "").replaceFirst("\\.txt$", "");
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The work directory is Kiln's and deleted after the build anyway.
    }
  }
}

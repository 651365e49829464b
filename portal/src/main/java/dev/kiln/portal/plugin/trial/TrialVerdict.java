package dev.kiln.portal.plugin.trial;

import dev.kiln.portal.plugin.PluginRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/**
 * Turns how a trial JVM ended, and what it reported, into the plugin's builders or a refusal in
 * words.
 */
final class TrialVerdict {

  private static final Logger log = LoggerFactory.getLogger(TrialVerdict.class);

  private TrialVerdict() {}

  /**
   * @param exitCode the trial JVM's exit code; {@code null} when it missed its deadline and was
   *     killed
   * @param reportCut whether it wrote more than Kiln reads
   * @param errors the start of its standard error, for Kiln's log
   * @param timeout the deadline, in words
   * @return the report, when the plugin passed
   * @throws PluginRefusedException otherwise
   */
  static TrialReport of(
      TrialReport report,
      Integer exitCode,
      boolean reportCut,
      String errors,
      String timeout,
      DataSize maxHeap) {
    if (report.exitFrom() != null) {
      throw new PluginRefusedException(
          "the plugin called System.exit"
              + (exitCode == null ? "" : "(" + exitCode + ")")
              + " while it was loaded"
              + (report.exitFrom().isEmpty() ? "" : " (from " + report.exitFrom() + ")")
              + "; a plugin must never end Kiln's JVM");
    }
    if (exitCode == null) {
      throw new PluginRefusedException(
          report.started()
              ? "it did not finish loading within "
                  + timeout
                  + ": its start-up, a constructor or describe() spins or"
                  + " blocks; the trial was stopped"
              : "the trial JVM did not even start within "
                  + timeout
                  + "; this node may be overloaded, try again later");
    }
    if (report.memoryError() != null) {
      throw new PluginRefusedException(
          "it ran out of memory in the trial ("
              + report.memoryError()
              + "); a plugin"
              + " gets "
              + maxHeap.toMegabytes()
              + " MB there (kiln.plugins.trial-max-heap)");
    }
    if (!report.started()) {
      log.error(
          "The plugin trial JVM could not start (exit code {}): {}", exitCode, errors.strip());
      throw new PluginRefusedException(
          "the trial could not start (exit code "
              + exitCode
              + "; Kiln's log says"
              + " why), so the plugin was not tried");
    }
    if (report.refusal() != null) {
      throw new PluginRefusedException(report.refusal());
    }
    if (!report.ended()) {
      throw new PluginRefusedException(
          reportCut
              ? "its trial wrote more than Kiln reads from it; the plugin"
                  + " describes itself at too great a length"
              : "the trial JVM ended with exit code "
                  + exitCode
                  + " before the plugin was loaded and described: the"
                  + " plugin halted it (Runtime.halt) or crashed it");
    }
    return report;
  }
}

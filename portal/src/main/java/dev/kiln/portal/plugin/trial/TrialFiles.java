package dev.kiln.portal.plugin.trial;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a trial's folder with everything in it, whatever the plugin under trial left there
 * (folders it made unreadable included); a failure is logged, never thrown.
 */
final class TrialFiles {

  private static final Logger log = LoggerFactory.getLogger(TrialFiles.class);

  private TrialFiles() {}

  static void delete(Path folder) {
    if (folder == null || !Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          folder,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFileFailed(Path path, IOException e) throws IOException {
              if (!(e instanceof AccessDeniedException)
                  || !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
              }
              // A folder the plugin made unreadable: open it up and start again there.
              Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
              delete(path);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      log.warn("Could not remove the plugin trial folder {}: {}", folder, e.toString());
    }
  }
}

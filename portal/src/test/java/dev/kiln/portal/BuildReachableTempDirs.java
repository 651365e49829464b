package dev.kiln.portal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Makes every {@code @TempDir} open to all users, with the sticky bit as {@code /tmp} has it. Tests
 * hand files to Local shell builds and wait for files from them through these folders (the tests
 * bind the host's temporary folder into the sandbox), and when the tests run as root, those builds
 * run as an unprivileged user, which JUnit's private folders would shut out.
 */
public class BuildReachableTempDirs implements TempDirFactory {

  @Override
  public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension)
      throws IOException {
    Path dir = Files.createTempDirectory("junit-");
    Files.setAttribute(dir, "unix:mode", 01777);
    return dir;
  }
}

package dev.kiln.builder.local;

import dev.kiln.plugin.api.BuildException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * A build's files in its work folder: the empty {@code workspace/} the script runs in and the
 * script itself, {@code build.sh}, which only Kiln's user may read (the sandbox gets a copy).
 *
 * @param workspace the folder the script runs in
 * @param script the script's file
 */
record Workspace(Path workspace, Path script) {

  static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  /**
   * Creates both in {@code workDirectory}. A build user other than Kiln's gets the workspace as its
   * own, so its script can write there; Kiln, as root, still reads and deletes it.
   */
  static Workspace prepare(Path workDirectory, String script, Optional<BuildUser> user)
      throws BuildException {
    Path workspace = workDirectory.resolve("workspace");
    Path file = workDirectory.resolve("build.sh");
    try {
      Files.createDirectories(workspace);
      Files.deleteIfExists(file);
      Files.writeString(Files.createFile(file, OWNER_ONLY), script);
      if (user.isPresent()) {
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwx------"));
        Files.setAttribute(workspace, "unix:gid", user.get().gid());
        Files.setAttribute(workspace, "unix:uid", user.get().uid());
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new BuildException("Could not prepare the workspace: " + e.getMessage(), e);
    }
    return new Workspace(workspace, file);
  }
}

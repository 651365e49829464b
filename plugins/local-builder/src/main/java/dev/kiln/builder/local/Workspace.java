package dev.kiln.builder.local;

import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A build's files in its work folder: the workspace the script runs in (the checkout Kiln prepared,
 * or empty) and the script itself, {@code build.sh}, which only Kiln's user may read (the sandbox
 * gets a copy).
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
  static Workspace prepare(BuildContext context, String script, Optional<BuildUser> user)
      throws BuildException {
    Path workspace = context.workspace();
    Path file = context.workDirectory().resolve("build.sh");
    try {
      Files.createDirectories(workspace);
      Files.deleteIfExists(file);
      Files.writeString(Files.createFile(file, OWNER_ONLY), script);
      if (user.isPresent()) {
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwx------"));
        giveAway(workspace, user.get());
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new BuildException("Could not prepare the workspace: " + e.getMessage(), e);
    }
    return new Workspace(workspace, file);
  }

  /**
   * Gives the workspace and everything Kiln checked out into it to the build user, so the script
   * can change its sources as it could its own files. Links are given away as links, never
   * followed: a link in a repository may point anywhere on this node.
   */
  private static void giveAway(Path workspace, BuildUser user) throws IOException {
    try (Stream<Path> files = Files.walk(workspace)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.setAttribute(file, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(file, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
      }
    }
  }
}

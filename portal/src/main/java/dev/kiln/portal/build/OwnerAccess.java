package dev.kiln.portal.build;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Gives folders a script locked (mode 000, no write or search permission) back to their owner,
 * {@code rwx------}, so {@link TreeRemover} can empty them. Only Kiln's own user meets such a
 * folder: root needs no permission bits.
 */
final class OwnerAccess {

  private static final Set<PosixFilePermission> OWNER_ALL =
      PosixFilePermissions.fromString("rwx------");

  private OwnerAccess() {}

  @FunctionalInterface
  interface Operation<T> {
    T run() throws IOException;
  }

  /**
   * Runs an operation in {@code folder}, once more after giving the folder to its owner if refused.
   */
  static <T> T inFolder(SecureDirectoryStream<Path> folder, Operation<T> operation)
      throws IOException {
    try {
      return operation.run();
    } catch (AccessDeniedException e) {
      give(folder);
      return operation.run();
    }
  }

  /** The open folder itself: {@code fchmod}. */
  static void give(SecureDirectoryStream<Path> folder) throws IOException {
    folder.getFileAttributeView(PosixFileAttributeView.class).setPermissions(OWNER_ALL);
  }

  /**
   * A sub-folder, without following a link where the JDK can ({@code fchmodat} with {@code
   * AT_SYMLINK_NOFOLLOW}). Where it opens the folder instead, which a folder without read
   * permission refuses, by name, then by its whole path (short: the walk is never deeper than
   * {@value TreeRemover#MAX_OPEN}). Those follow a link only if the entry was swapped for one since
   * it was seen to be a folder, and then can change only a file of Kiln's own user, to owner-only
   * permissions.
   */
  static void give(SecureDirectoryStream<Path> folder, Path name, Path path) throws IOException {
    try {
      folder
          .getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setPermissions(OWNER_ALL);
    } catch (AccessDeniedException e) {
      try {
        folder.getFileAttributeView(name, PosixFileAttributeView.class).setPermissions(OWNER_ALL);
      } catch (AccessDeniedException again) {
        Files.setPosixFilePermissions(path, OWNER_ALL);
      }
    }
  }
}

package dev.kiln.portal.build;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;

/**
 * The calls {@link TreeRemover} makes on one entry of an open folder: read its kind, unlink it,
 * remove it as an empty folder, open it, or move it into another open folder ({@code fstatat},
 * {@code unlinkat}, {@code openat}, {@code renameat}). None follows a symbolic link, and each gives
 * Kiln's user access to a folder a script took it away from ({@link OwnerAccess}) before trying
 * again. An entry gone meanwhile is left alone, not counted: it counts what it removes.
 */
final class OpenFolderCalls {

  /** Prefix of the names subtrees get when moved up into the top folder. */
  static final String MOVED = ".kiln-removing-";

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private long removed;
  private long moves;

  /** How many files and folders these calls removed. */
  long removed() {
    return removed;
  }

  Kind kind(SecureDirectoryStream<Path> folder, Path name) throws IOException {
    try {
      var attributes =
          OwnerAccess.inFolder(
              folder,
              () ->
                  folder
                      .getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW)
                      .readAttributes());
      return attributes.isDirectory() ? Kind.DIRECTORY : Kind.OTHER;
    } catch (NoSuchFileException e) {
      return Kind.GONE;
    }
  }

  void unlink(SecureDirectoryStream<Path> folder, Path name) throws IOException {
    remove(
        folder,
        () -> {
          folder.deleteFile(name);
          return null;
        });
  }

  void removeFolder(SecureDirectoryStream<Path> folder, Path name) throws IOException {
    remove(
        folder,
        () -> {
          folder.deleteDirectory(name);
          return null;
        });
  }

  /** Removes one entry with the folder's owner access restored; one removed meanwhile is fine. */
  private void remove(SecureDirectoryStream<Path> folder, OwnerAccess.Operation<Void> removal)
      throws IOException {
    try {
      OwnerAccess.inFolder(folder, removal);
      removed++;
    } catch (NoSuchFileException e) {
      // removed meanwhile
    }
  }

  /** Opens a sub-folder without following a link; null when it is gone or no longer a folder. */
  SecureDirectoryStream<Path> open(SecureDirectoryStream<Path> folder, Path name, Path path)
      throws IOException {
    try {
      try {
        return folder.newDirectoryStream(name, NOFOLLOW);
      } catch (AccessDeniedException e) {
        OwnerAccess.give(folder, name, path); // made unreadable or unsearchable by the script
        return folder.newDirectoryStream(name, NOFOLLOW);
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    } catch (FileSystemException e) {
      if (kind(folder, name)
          == Kind.OTHER) { // swapped for a link or a file since it was seen: O_NOFOLLOW refused it
        unlink(folder, name);
        return null;
      }
      throw e;
    }
  }

  /** Moves a sub-folder found too deep into the top folder, under a name of its own. */
  void moveUp(
      SecureDirectoryStream<Path> folder, Path name, Path path, SecureDirectoryStream<Path> top)
      throws IOException {
    for (int tries = 0; ; tries++) {
      Path target = name.getFileSystem().getPath(MOVED + moves++);
      try {
        try {
          folder.move(name, top, target);
        } catch (AccessDeniedException e) {
          // Both folders need write permission, and the moved one too (its ".." changes).
          OwnerAccess.give(folder, name, path);
          OwnerAccess.give(folder);
          OwnerAccess.give(top);
          folder.move(name, top, target);
        }
        return;
      } catch (FileSystemException e) {
        if (tries >= 100 || kind(top, target) == Kind.GONE) {
          throw e;
        }
        // the script left something under that name: try the next one
      }
    }
  }

  /** What an entry is, read without following a link. */
  enum Kind {
    GONE,
    DIRECTORY,
    OTHER
  }
}

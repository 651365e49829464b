package dev.kiln.portal.build;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Removes a folder and whatever a build script left in it: trees deeper than {@code PATH_MAX},
 * names that are not valid in any charset, folders without read, write or search permission,
 * read-only files, sticky folders, symbolic links (removed, never followed), FIFOs, sockets and
 * hard links.
 *
 * <p>Every call works relative to an open folder ({@link SecureDirectoryStream}: {@code openat},
 * {@code unlinkat}, {@code renameat} with {@code O_NOFOLLOW}), so no path grows with the depth and
 * no link is followed out of the folder, not even one swapped in while this runs ({@link
 * OpenFolderCalls} makes those calls; this class walks). The walk is a loop, not a recursion, with
 * at most {@value #MAX_OPEN} folders open: a folder found deeper than that is moved up into the top
 * folder and removed in a later pass. Entries are removed as they are read, so memory stays the
 * same for a million files. A folder Kiln's user cannot read, search or write is given {@code
 * rwx------} first (only its owner or root can remove it anyway).
 */
final class TreeRemover {

  /** Folders open at once, the top one included: a walk deeper than this moves the rest up. */
  static final int MAX_OPEN = 16;

  private final RemovalProblems problems = new RemovalProblems();
  private final OpenFolderCalls calls = new OpenFolderCalls();

  private TreeRemover() {}

  /**
   * Removes {@code folder} and everything in it; a missing folder is already removed.
   *
   * @return how many files and folders were removed
   * @throws IOException when something remains, naming up to three entries and why
   */
  static long remove(Path folder) throws IOException {
    var remover = new TreeRemover();
    remover.run(folder.toAbsolutePath().normalize());
    return remover.calls.removed();
  }

  private void run(Path folder) throws IOException {
    Path name = folder.getFileName();
    if (name == null) {
      throw new IOException("Refusing to remove the file system root");
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder.getParent())) {
      if (!(stream instanceof SecureDirectoryStream<Path> parent)) {
        throw new IOException(
            "This platform cannot remove folders without following links (no SecureDirectoryStream)");
      }
      switch (calls.kind(parent, name)) {
        case GONE -> {}
        case OTHER -> calls.unlink(parent, name);
        case DIRECTORY -> {
          while (emptyOnce(parent, name, folder)) {
            // each pass removes what it can reach and moves deeper subtrees up for the next one
          }
          calls.removeFolder(parent, name);
        }
      }
    } catch (NoSuchFileException e) {
      return; // the folder, or the one holding it, is gone
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      problems.consequence(folder, e);
      throw new IOException("Could not remove " + folder + ": " + problems, e);
    }
  }

  /**
   * One depth-first walk from the top folder, removing every entry on the way back up.
   *
   * @return whether subtrees were moved up into the top folder, so another pass is needed
   */
  private boolean emptyOnce(SecureDirectoryStream<Path> parent, Path name, Path path)
      throws IOException {
    SecureDirectoryStream<Path> top = calls.open(parent, name, path);
    if (top == null) {
      return false;
    }
    boolean moved = false;
    Deque<Frame> open = new ArrayDeque<>();
    open.push(new Frame(top, name, path, top.iterator()));
    try {
      while (!open.isEmpty()) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("Interrupted while removing " + path);
        }
        Frame frame = open.peek();
        Path entry = next(frame);
        if (entry == null) {
          open.pop().folder.close();
          if (!open.isEmpty()) {
            try {
              calls.removeFolder(open.peek().folder, frame.name);
            } catch (IOException e) {
              problems.consequence(frame.path, e);
            }
          }
          continue;
        }
        Path child = entry.getFileName();
        try {
          switch (calls.kind(frame.folder, child)) {
            case GONE -> {}
            case OTHER -> calls.unlink(frame.folder, child);
            case DIRECTORY -> {
              if (open.size() >= MAX_OPEN) {
                calls.moveUp(frame.folder, child, entry, top);
                moved = true;
              } else {
                SecureDirectoryStream<Path> opened = calls.open(frame.folder, child, entry);
                if (opened != null) {
                  open.push(new Frame(opened, child, entry, opened.iterator()));
                }
              }
            }
          }
        } catch (InterruptedIOException e) {
          throw e;
        } catch (IOException | RuntimeException e) {
          problems.add(entry, e);
        }
      }
    } finally {
      for (Frame frame : open) {
        frame.folder.close();
      }
    }
    return moved;
  }

  private Path next(Frame frame) {
    try {
      return frame.entries.hasNext() ? frame.entries.next() : null;
    } catch (DirectoryIteratorException e) {
      problems.add(frame.path, e.getCause());
      return null;
    }
  }

  /** An open folder being walked: its stream, its name in its parent, its path for messages. */
  private record Frame(
      SecureDirectoryStream<Path> folder, Path name, Path path, Iterator<Path> entries) {}
}

package dev.kiln.portal.build;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a removal could not remove: the first few entries with why, and how many failures in all.
 */
final class RemovalProblems {

  private static final int NAMED = 3;

  private final Map<String, String> named = new LinkedHashMap<>();
  private long count;

  void add(Path path, Throwable e) {
    count++;
    if (named.size() < NAMED) {
      String reason =
          e instanceof FileSystemException fs && fs.getReason() != null
              ? fs.getReason()
              : e.getClass().getSimpleName()
                  + (e.getMessage() == null ? "" : ": " + e.getMessage());
      named.putIfAbsent(path.toString(), reason);
    }
  }

  /** A folder left because something in it was: only worth naming when nothing in it was named. */
  void consequence(Path path, IOException e) {
    if (count == 0 || !(e instanceof DirectoryNotEmptyException)) {
      add(path, e);
    }
  }

  @Override
  public String toString() {
    var text = new StringBuilder();
    named.forEach(
        (path, reason) ->
            text.append(text.isEmpty() ? "" : "; ").append(path).append(": ").append(reason));
    if (count > named.size()) {
      text.append(" (").append(count).append(" failures in all)");
    }
    return text.toString();
  }
}

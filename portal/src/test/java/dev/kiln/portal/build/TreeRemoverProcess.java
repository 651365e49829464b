package dev.kiln.portal.build;

import java.io.IOException;
import java.nio.file.Path;

/** {@link TreeRemover} in a JVM of its own (see {@link Trees#removeInOwnJvm}): exits 0 when the folder is gone. */
final class TreeRemoverProcess {

  private TreeRemoverProcess() {}

  public static void main(String[] args) {
    try {
      System.out.println("removed " + TreeRemover.remove(Path.of(args[0])) + " entries");
    } catch (IOException e) {
      System.out.println(e.getMessage());
      System.exit(1);
    }
  }
}

package dev.kiln.portal.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link TreeRemover} in a JVM of its own (see {@link Trees#removeInOwnJvm}): exits 0 when the
 * folder is gone, and says how many entries it removed and its peak resident memory.
 */
final class TreeRemoverProcess {

  private TreeRemoverProcess() {}

  private static String peakMemory() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return "peak memory unknown";
    }
    return Files.readAllLines(status).stream()
        .filter(l -> l.startsWith("VmHWM:"))
        .map(l -> "peak RSS " + l.substring(6).strip())
        .findFirst()
        .orElse("peak memory unknown");
  }

  public static void main(String[] args) {
    try {
      long removed = TreeRemover.remove(Path.of(args[0]));
      System.out.println("removed " + removed + " entries; " + peakMemory());
    } catch (IOException e) {
      System.out.println(e.getMessage());
      System.exit(1);
    }
  }
}

package dev.kiln.portal.plugin.trial;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Puts the trial JVM in a bubblewrap ({@code bwrap}) sandbox: a root file system made of the
 * system's libraries, the JDK, the trial's classes and the jar, all read-only; a private, empty
 * {@code /tmp}; no network; its own process, IPC and host-name namespaces; no capabilities; and it
 * dies with Kiln. Kiln's data folder (keys, database password, artifacts), the database's port and
 * socket, and other processes are out of its reach, and when the trial ends every process it
 * started ends with it. Used when {@code bwrap} is installed and works on this machine.
 */
final class TrialSandbox {

  /** Where the trial's classes and the jar appear inside the sandbox. */
  static final String CLASSPATH = "/trial/classpath";

  static final String JAR = "/trial/plugin.jar";

  private static final List<String> SYSTEM =
      List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

  private final Path bwrap;
  private final Path javaHome;

  private TrialSandbox(Path bwrap, Path javaHome) {
    this.bwrap = bwrap;
    this.javaHome = javaHome;
  }

  /**
   * A sandbox for trials of JVMs from {@code javaHome}, when {@code bwrap} is on the {@code PATH}
   * and a JVM starts in it; empty otherwise.
   */
  static Optional<TrialSandbox> find(Path javaHome, Path java) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    Optional<Path> bwrap =
        Stream.of(path.split(File.pathSeparator))
            .filter(d -> !d.isBlank())
            .map(d -> Path.of(d, "bwrap"))
            .filter(Files::isExecutable)
            .findFirst();
    if (bwrap.isEmpty()) {
      return Optional.empty();
    }
    var sandbox = new TrialSandbox(bwrap.get(), javaHome);
    return sandbox.works(java) ? Optional.of(sandbox) : Optional.empty();
  }

  /**
   * The command that runs {@code command} (which names the classes and the jar at their sandbox
   * paths) inside.
   */
  List<String> wrap(Path classpath, Path jar, List<String> command) throws IOException {
    List<String> words = base();
    words.addAll(
        List.of("--ro-bind", classpath.toString(), CLASSPATH, "--ro-bind", jar.toString(), JAR));
    words.add("--");
    words.addAll(command);
    return words;
  }

  private List<String> base() throws IOException {
    List<String> words =
        new ArrayList<>(
            List.of(
                bwrap.toString(),
                "--unshare-all",
                "--die-with-parent",
                "--new-session",
                "--cap-drop",
                "ALL",
                "--ro-bind",
                "/usr",
                "/usr"));
    for (String folder : SYSTEM) {
      Path path = Path.of(folder);
      if (Files.isSymbolicLink(path)) {
        words.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), folder));
      } else if (Files.isDirectory(path)) {
        words.addAll(List.of("--ro-bind", folder, folder));
      }
    }
    Path jdk = javaHome.toRealPath();
    if (!jdk.startsWith("/usr")) {
      words.addAll(List.of("--ro-bind", jdk.toString(), jdk.toString()));
    }
    words.addAll(
        List.of(
            "--ro-bind-try",
            "/etc/ld.so.cache",
            "/etc/ld.so.cache",
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--tmpfs",
            "/tmp",
            "--chdir",
            "/tmp"));
    return words;
  }

  /**
   * Starts {@code java -version} in the sandbox: bwrap may be installed but not allowed (no user
   * namespaces).
   */
  private boolean works(Path java) {
    try {
      List<String> command = base();
      command.addAll(
          List.of("--", java.toString(), "-XX:-UsePerfData", "-Xshare:auto", "-version"));
      var process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public String toString() {
    return bwrap.toString();
  }
}

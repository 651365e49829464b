package dev.kiln.builder.local;

import dev.kiln.plugin.api.BuildException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A script running in a bubblewrap sandbox with a PID namespace of its own. Whatever the script
 * starts lives in that namespace: when the namespace's init (bubblewrap's) ends, the kernel kills
 * every process in it, and the init ends when the script's own init ends, when Kiln kills it, and,
 * through PR_SET_PDEATHSIG (bubblewrap's {@code --die-with-parent}), when the JVM thread that
 * started the sandbox dies. That thread is the build's, which waits for the sandbox and kills it
 * before it returns; so the per-thread nature of the signal only ever fires when the JVM dies.
 */
final class SandboxedScript implements RunningScript {

  private static final String LAUNCHER_PATH = String.join(":", SandboxSetup.PATH);

  private final Process bubblewrap;
  private final Path statusFile;
  private volatile boolean killed;

  private SandboxedScript(Process bubblewrap, Path statusFile) {
    this.bubblewrap = bubblewrap;
    this.statusFile = statusFile;
  }

  /**
   * Starts the sandbox and hands it the build's environment through its stdin, so that neither the
   * launcher, nor bubblewrap, nor setpriv, which run as Kiln's user (root, maybe), ever has the
   * build's variables (LD_PRELOAD, say) in its own environment.
   */
  static SandboxedScript start(
      SandboxCommand command,
      Path workDirectory,
      Path workspace,
      Path scriptFile,
      Map<String, String> environment)
      throws IOException, BuildException {
    byte[] variables;
    try {
      variables = SandboxCommand.environment(environment);
    } catch (IllegalArgumentException e) {
      throw new BuildException(e.getMessage(), e);
    }
    Path statusFile = workDirectory.resolve("sandbox-status");
    Files.deleteIfExists(statusFile);
    Files.createFile(statusFile, Workspace.OWNER_ONLY);
    ProcessBuilder builder =
        new ProcessBuilder(command.command(workspace, statusFile, scriptFile))
            .directory(workDirectory.toFile());
    builder.environment().clear();
    builder.environment().putAll(Map.of("PATH", LAUNCHER_PATH, "LANG", "C.UTF-8"));
    Process process = builder.start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(variables);
    } catch (IOException e) {
      // bubblewrap ended before reading (it said why on stderr, which the log shows).
    }
    return new SandboxedScript(process, statusFile);
  }

  @Override
  public Process process() {
    return bubblewrap;
  }

  @Override
  public void stop(Duration grace) {
    if (!grace.isZero()) {
      long deadline = System.nanoTime() + grace.toNanos();
      boolean signalled = false;
      while (bubblewrap.isAlive() && System.nanoTime() < deadline) {
        if (!signalled) { // a cancel may come before the sandbox's processes exist
          // The script's init passes SIGTERM on to every process in the sandbox, catching late
          // forks too.
          List<ProcessHandle> inside = init().map(i -> i.descendants().toList()).orElse(List.of());
          inside.forEach(ProcessHandle::destroy);
          signalled = !inside.isEmpty();
        }
        if (!pause()) {
          break;
        }
      }
    }
    if (bubblewrap.isAlive()) {
      killed = true;
      init()
          .ifPresent(ProcessHandle::destroyForcibly); // the kernel kills the rest of the namespace
      bubblewrap.destroyForcibly();
    }
  }

  /**
   * What the script's init counted; 0 when it could not count, because the sandbox was killed first
   * (a cancel whose grace ran out): the build is stopped then, and says so already.
   */
  @Override
  public long finish() {
    if (bubblewrap.isAlive()) {
      stop(Duration.ZERO);
    }
    return killed ? 0 : reportedLeftovers();
  }

  /** The namespace's pid 1: bubblewrap's only child. */
  private Optional<ProcessHandle> init() {
    List<ProcessHandle> children = bubblewrap.children().toList();
    return children.size() == 1 ? Optional.of(children.getFirst()) : Optional.empty();
  }

  /**
   * The count the script's init wrote last, after it had killed everything else, so nothing in the
   * sandbox can write after it; 0 when it wrote none (the script killed it).
   */
  private long reportedLeftovers() {
    try (RandomAccessFile file = new RandomAccessFile(statusFile.toFile(), "r")) {
      long length = file.length();
      byte[] tail = new byte[(int) Math.min(length, 64)];
      file.seek(length - tail.length);
      file.readFully(tail);
      String[] lines = new String(tail, StandardCharsets.US_ASCII).strip().split("\n");
      String last = lines[lines.length - 1].strip();
      return last.matches("\\d{1,9}") ? Long.parseLong(last) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static boolean pause() {
    try {
      Thread.sleep(20);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

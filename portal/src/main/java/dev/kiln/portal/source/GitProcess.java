package dev.kiln.portal.source;

import dev.kiln.portal.source.SourceException.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs the git CLI in a clean environment: none of Kiln's own variables (no inherited {@code
 * GIT_*}), a private {@code HOME} with an empty global config so no user's ~/.gitconfig is read, no
 * system config, no prompts of any kind, English messages, and only the transports a call allows
 * ({@code GIT_ALLOW_PROTOCOL}, which submodules obey too). A run that is cancelled, too slow, or
 * stopped by its watch has git's whole process tree (ssh, remote helpers, index-pack) destroyed.
 */
final class GitProcess {

  /** What git did: its exit code and what it printed. */
  record Result(int exit, String out, String err) {}

  /** How one run may be stopped early. */
  record Limits(BooleanSupplier cancelled, Supplier<SourceException> watch) {
    static final Limits NONE = new Limits(() -> false, () -> null);
  }

  private static final long POLL_MILLIS = 100;

  private final Path home;
  private final Duration timeout;

  /** Git with its {@code HOME} in {@code home}, each run bounded by {@code timeout}. */
  GitProcess(Path home, Duration timeout) {
    this.home = home;
    this.timeout = timeout;
    home();
  }

  /**
   * Git's private home folder, also a neutral folder to run git in outside any repository; made
   * again when an admin removed the mirrors (a cache, safe to delete between builds).
   */
  Path home() {
    try {
      Files.createDirectories(home);
      if (!Files.exists(home.resolve(".gitconfig"))) {
        Files.writeString(home.resolve(".gitconfig"), "");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot make git's home folder " + home, e);
    }
    return home;
  }

  /**
   * Runs {@code git args} in {@code dir} with {@code env} added to the clean environment; {@code
   * protocols} is the colon list of transports git may use.
   */
  Result run(Path dir, Map<String, String> env, String protocols, Limits limits, List<String> args)
      throws SourceException, InterruptedException {
    home(); // made again if the cache was emptied since
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(args);
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("kiln-git-out-", ".txt");
      err = Files.createTempFile("kiln-git-err-", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      Map<String, String> environment = builder.environment();
      String path = environment.getOrDefault("PATH", "/usr/bin:/bin");
      environment.clear();
      environment.putAll(base(path, protocols));
      // Never read the config of a repository the folder happens to lie in (./kiln-data in a
      // clone).
      environment.put("GIT_CEILING_DIRECTORIES", dir.toAbsolutePath().getParent().toString());
      environment.putAll(env);
      Process process = builder.start();
      try {
        await(process, limits, String.join(" ", args.subList(0, Math.min(2, args.size()))));
      } finally {
        destroyTree(process);
      }
      return new Result(process.exitValue(), read(out), read(err));
    } catch (IOException e) {
      throw new SourceException(
          Problem.FAILED, "Could not run git on this node: " + e.getMessage());
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private void await(Process process, Limits limits, String what)
      throws SourceException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      if (limits.cancelled().getAsBoolean()) {
        throw new SourceException(Problem.CANCELLED, "Stopped git: the build was cancelled.");
      }
      SourceException stop = limits.watch().get();
      if (stop != null) {
        throw stop;
      }
      if (System.nanoTime() > deadline) {
        throw new SourceException(
            Problem.UNREACHABLE,
            "git "
                + what
                + " took longer than "
                + timeout.toMinutes()
                + " minutes"
                + " (kiln.sources.timeout) and was stopped.");
      }
    }
  }

  /** Destroys git and everything it started; children first, so none is left orphaned. */
  static void destroyTree(Process process) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> tree = process.descendants().toList();
    tree.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    for (ProcessHandle child : tree) {
      child.onExit().completeOnTimeout(child, 10, TimeUnit.SECONDS).join();
    }
  }

  private Map<String, String> base(String path, String protocols) {
    return Map.of(
        "PATH", path,
        "HOME", home.toString(),
        "GIT_CONFIG_NOSYSTEM", "1",
        "GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString(),
        "GIT_TERMINAL_PROMPT", "0",
        "GIT_ASKPASS", "",
        "SSH_ASKPASS", "",
        "GIT_ALLOW_PROTOCOL", protocols,
        "LC_ALL", "C");
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  private static void deleteQuietly(Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // a temporary file of git's output; nothing secret in it
    }
  }
}

package dev.kiln.portal.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code git} binary with a fixed environment: no user or system configuration (its own
 * {@code HOME}), English messages, no prompts, and author and committer set by the caller, so the
 * same commands make the same commits on every machine.
 */
public final class Git {

  static final String GIT = "/usr/bin/git";
  private static final long TIMEOUT_SECONDS = 120;

  /** What a git command did: its exit code and what it printed. */
  public record Result(int exit, String out, String err) {
    /** Standard output without the trailing newline. */
    public String line() {
      return out.strip();
    }
  }

  private final Path home;

  /** A git whose {@code HOME} (and empty global config) is {@code home}. */
  public Git(Path home) throws IOException {
    LocalServer.requireProgram(GIT, "git");
    this.home = Files.createDirectories(home);
    Files.writeString(home.resolve(".gitconfig"), "");
  }

  /** Runs git in {@code dir} with {@code env} added; never fails on git's exit code. */
  public Result run(Path dir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(GIT));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> environment = builder.environment();
    environment.clear();
    environment.putAll(baseEnvironment());
    environment.putAll(env);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("git " + String.join(" ", args) + " took too long");
    }
    Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return result;
  }

  /** Runs git and returns its output, failing with git's message when it fails. */
  public String ok(Path dir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Result result = run(dir, env, args);
    if (result.exit() != 0) {
      throw new IllegalStateException(
          "git " + String.join(" ", args) + " exited " + result.exit() + ": " + result.err());
    }
    return result.line();
  }

  /** Runs git with no added environment and returns its output. */
  public String ok(Path dir, String... args) throws IOException, InterruptedException {
    return ok(dir, Map.of(), args);
  }

  /** The environment that makes {@code author} the author and committer at {@code time}. */
  static Map<String, String> author(String name, String email, Instant time) {
    String date = "@" + time.getEpochSecond() + " +0000";
    return Map.of(
        "GIT_AUTHOR_NAME", name,
        "GIT_AUTHOR_EMAIL", email,
        "GIT_AUTHOR_DATE", date,
        "GIT_COMMITTER_NAME", name,
        "GIT_COMMITTER_EMAIL", email,
        "GIT_COMMITTER_DATE", date);
  }

  private Map<String, String> baseEnvironment() {
    return Map.of(
        "PATH", "/usr/bin:/bin",
        "HOME", home.toString(),
        "GIT_CONFIG_NOSYSTEM", "1",
        "GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString(),
        "GIT_TERMINAL_PROMPT", "0",
        "GIT_ASKPASS", "/bin/false",
        "SSH_ASKPASS", "/bin/false",
        "LC_ALL", "C");
  }
}

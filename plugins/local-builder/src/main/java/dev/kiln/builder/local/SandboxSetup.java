package dev.kiln.builder.local;

import dev.kiln.plugin.api.NodeContext;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether this node can sandbox builds, worked out once from what Kiln told the builder: the
 * programs are found, the build user and the admin's extra folders are checked, and a sandbox that
 * runs {@code true} is started as a build's would be. Anything wrong becomes the reason the builder
 * is unavailable, in words an admin can act on: the builder never falls back to running builds
 * unsandboxed.
 *
 * @param command the sandbox's command, or {@code null} when the sandbox is off or unusable
 * @param user who builds run as, when not as Kiln's own user
 * @param problem why builds cannot run, or {@code null}
 */
record SandboxSetup(SandboxCommand command, Optional<BuildUser> user, String problem) {

  /** Where programs are looked for: the builds' own PATH. */
  static final List<String> PATH =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

  static final String OFF_HINT =
      " Or, at your own risk, turn the sandbox off with KILN_LOCAL_SANDBOX=off: builds"
          + " then run with Kiln's own rights (see the admin guide).";
  private static final Duration PROBE_LIMIT = Duration.ofSeconds(30);

  /** The setup for this node; never throws. */
  static SandboxSetup of(NodeContext node) {
    return of(node, PATH);
  }

  /** The setup, with programs looked for in {@code path}. */
  static SandboxSetup of(NodeContext node, List<String> path) {
    if (!node.sandbox().enabled()) {
      return new SandboxSetup(null, Optional.empty(), null);
    }
    String bash = find("bash", path);
    String bwrap = find("bwrap", path);
    if (bash == null) {
      return failed("bash is not installed on this node.");
    }
    if (bwrap == null) {
      return failed(
          "Builds run in a bubblewrap sandbox, and bubblewrap (bwrap) is not installed on this node."
              + " Install it (Debian: apt-get install bubblewrap), then restart Kiln."
              + OFF_HINT);
    }
    Optional<BuildUser> user;
    try {
      user = BuildUser.of(node.sandbox().user(), BuildUser.kilnUid(), BuildUser::getent);
    } catch (IllegalArgumentException e) {
      return failed(e.getMessage());
    }
    String setpriv = find("setpriv", path);
    if (user.isPresent() && setpriv == null) {
      return failed(
          "Kiln runs as root, so builds run as "
              + user.get().label()
              + " through setpriv, which is not"
              + " installed on this node (Debian: util-linux).");
    }
    List<Path> readOnly = new ArrayList<>();
    List<Path> writable = new ArrayList<>();
    try {
      for (Path folder : node.sandbox().readOnly()) {
        readOnly.add(extraFolder("KILN_LOCAL_SANDBOX_READ_ONLY", folder, node));
      }
      for (Path folder : node.sandbox().writable()) {
        writable.add(extraFolder("KILN_LOCAL_SANDBOX_WRITABLE", folder, node));
      }
    } catch (IllegalArgumentException e) {
      return failed(e.getMessage());
    }
    var command =
        new SandboxCommand(
            new SandboxCommand.Tools(bash, bwrap, setpriv),
            user,
            new SandboxMounts(node.privatePaths(), readOnly, writable, SandboxMounts.SYSTEM));
    String probe = probe(command.probe());
    return probe == null
        ? new SandboxSetup(command, user, null)
        : failed(
            "Builds run in a bubblewrap sandbox, and bubblewrap cannot make one on this node: "
                + probe
                + (user.isPresent()
                    ? ""
                    : " Kiln does not run as root, so bubblewrap needs unprivileged user namespaces"
                        + " (on Debian, sysctl kernel.unprivileged_userns_clone=1).")
                + " Restart Kiln once it works."
                + OFF_HINT);
  }

  /** Whether builds run unsandboxed because the admin said so. */
  boolean off() {
    return command == null && problem == null;
  }

  private static SandboxSetup failed(String problem) {
    return new SandboxSetup(null, Optional.empty(), problem);
  }

  private static String find(String program, List<String> path) {
    return path.stream()
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst()
        .map(Path::toString)
        .orElse(null);
  }

  /**
   * An extra folder as its real path; refused when it is missing, the root, or inside a private
   * path.
   */
  private static Path extraFolder(String setting, Path folder, NodeContext node) {
    if (!folder.isAbsolute()) {
      throw new IllegalArgumentException(setting + " names " + folder + ": give absolute paths.");
    }
    Path real;
    try {
      real = folder.toRealPath();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          setting + " names " + folder + ", which does not exist on this node.");
    }
    if (!Files.isDirectory(real) || real.getParent() == null) {
      throw new IllegalArgumentException(
          setting + " names " + folder + ": give folders, not files or the" + " root folder.");
    }
    for (Path hidden : node.privatePaths()) {
      if (real.startsWith(hidden.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException(
            setting
                + " names "
                + folder
                + ", which is inside "
                + hidden
                + ", one of Kiln's own folders that builds never see.");
      }
    }
    return real;
  }

  /** Runs the probe; {@code null} when it worked, else what bubblewrap said. */
  private static String probe(List<String> command) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().clear(); // Kiln's own variables have no business in a sandbox
      builder.environment().put("PATH", String.join(":", PATH));
      Process process = builder.start();
      if (!process.waitFor(PROBE_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "it did not answer within " + PROBE_LIMIT.toSeconds() + " s.";
      }
      String output =
          new String(process.getInputStream().readNBytes(2000), StandardCharsets.UTF_8).strip();
      return process.exitValue() == 0
          ? null
          : (output.isEmpty() ? "it exited with code " + process.exitValue() : output) + ".";
    } catch (IOException e) {
      return e.getMessage() + ".";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted.";
    }
  }
}

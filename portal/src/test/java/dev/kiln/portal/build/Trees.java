package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Trees made by real bash for the removal tests, as a build script makes them, and {@link
 * TreeRemover} run in a JVM of its own: under the POSIX locale a service manager may give Kiln,
 * with a small heap, and as an unprivileged user when the tests run as root (root needs no
 * permission bits, so only another user meets a folder it may not enter).
 */
final class Trees {

  /** The classes a removal loads, with their nested ones. */
  private static final Pattern REMOVAL_CLASSES =
      Pattern.compile(
          "(TreeRemover|TreeRemoverProcess|OpenFolderCalls|OwnerAccess|RemovalProblems)[.$]");

  /** Debian's nobody and nogroup. */
  static final String NOBODY = "65534";

  private Trees() {}

  static boolean root() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Runs {@code script} with bash in {@code dir} as this process's user. */
  static void bash(Path dir, String script) throws IOException, InterruptedException {
    run(dir, List.of("bash", "-euo", "pipefail", "-c", script));
  }

  /**
   * Runs {@code script} with bash in {@code dir}, which it then owns, as an unprivileged user:
   * nobody when this process is root, else this process's user.
   */
  static void bashUnprivileged(Path dir, String script) throws IOException, InterruptedException {
    if (root()) {
      Files.createDirectories(dir);
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(dir, users.lookupPrincipalByName("nobody"));
      openPathTo(dir);
    }
    run(dir, unprivileged(List.of("bash", "-euo", "pipefail", "-c", script)));
  }

  /** What a run of {@link TreeRemover} in its own JVM printed, and its exit code (0: removed). */
  record Removal(int exitCode, String output) {}

  /**
   * Removes {@code folder} in a JVM of its own with {@code LC_ALL=C} and at most {@code heap} of
   * heap, as an unprivileged user if asked.
   */
  static Removal removeInOwnJvm(Path folder, Path scratch, String heap, boolean unprivileged)
      throws IOException, InterruptedException {
    Path classes = copyClasses(scratch.resolve("classes"));
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        List.of(
            java,
            "-Xmx" + heap,
            "-XX:+UseSerialGC",
            "-cp",
            classes.toString(),
            TreeRemoverProcess.class.getName(),
            folder.toString());
    var builder =
        new ProcessBuilder(unprivileged ? unprivileged(command) : command)
            .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().put("LC_ALL", "C");
    builder.environment().put("LANG", "C");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("the removal ended").isTrue();
    return new Removal(process.exitValue(), output);
  }

  private static List<String> unprivileged(List<String> command) {
    if (!root()) {
      return command;
    }
    var wrapped =
        new ArrayList<>(
            List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /**
   * The classes the removal needs, where any user may read them (the build's own may be in a
   * private home).
   */
  private static Path copyClasses(Path target) throws IOException {
    Path source =
        Path.of(TreeRemover.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    Path tests =
        Path.of(
            TreeRemoverProcess.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    Path pkg = Path.of("dev", "kiln", "portal", "build");
    Files.createDirectories(target.resolve(pkg));
    for (Path from : List.of(source, tests)) {
      try (Stream<Path> files = Files.list(from.resolve(pkg))) {
        for (Path file :
            files
                .filter(f -> REMOVAL_CLASSES.matcher(f.getFileName().toString()).lookingAt())
                .toList()) {
          Files.copy(
              file,
              target.resolve(pkg).resolve(file.getFileName()),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    try (Stream<Path> all = Files.walk(target)) {
      for (Path p : all.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    openPathTo(target);
    return target;
  }

  /**
   * Lets other users pass through the folders above {@code dir} (JUnit makes temporary folders
   * private).
   */
  private static void openPathTo(Path dir) throws IOException {
    for (Path p = dir.toAbsolutePath().getParent();
        p != null && !p.equals(Path.of("/tmp")) && p.getParent() != null;
        p = p.getParent()) {
      var permissions = Files.getPosixFilePermissions(p);
      permissions.add(PosixFilePermission.OTHERS_EXECUTE);
      Files.setPosixFilePermissions(p, permissions);
    }
  }

  private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("bash ended").isTrue();
    assertThat(process.exitValue()).as("bash failed:\n" + output).isZero();
  }
}

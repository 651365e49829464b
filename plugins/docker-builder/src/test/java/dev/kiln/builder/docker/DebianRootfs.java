package dev.kiln.builder.docker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A minimal Debian root file system as a tar file, bootstrapped with debootstrap from the machine's
 * apt mirror once per machine and suite, and kept in {@code ~/.cache/kiln/} (about 75 MB). No image
 * registry is needed: the tests import it as their base image.
 */
public final class DebianRootfs {

  /** Folders a build image does not need; dropping them takes the image from ~200 to ~75 MB. */
  private static final List<String> TRIM =
      List.of(
          "var/lib/apt/lists",
          "var/cache/apt",
          "usr/share/doc",
          "usr/share/locale",
          "usr/share/man");

  private DebianRootfs() {}

  /** The tar of the suite's root file system, built first if this machine has none yet. */
  public static Path tarball(String suite) throws IOException, InterruptedException {
    Path cache = cacheFolder();
    Files.createDirectories(cache);
    Path tar = cache.resolve("debian-" + suite + "-minbase.tar");
    // Two test JVMs (two modules) may want it at once: one builds, the other waits.
    try (FileChannel lockFile =
        FileChannel.open(
            cache.resolve(tar.getFileName() + ".lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      // Released when the channel closes.
      lockFile.lock();
      if (!Files.isRegularFile(tar)) {
        build(suite, cache, tar);
      }
    }
    return tar;
  }

  private static void build(String suite, Path cache, Path tar)
      throws IOException, InterruptedException {
    String debootstrap = Programs.find("debootstrap", "debootstrap");
    String mirror =
        AptMirror.forSuite(suite)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No apt source for Debian "
                            + suite
                            + " in /etc/apt/sources.list or /etc/apt/sources.list.d:"
                            + " debootstrap needs a mirror to build the test image from."));
    Path rootfs = cache.resolve("rootfs-" + suite + ".tmp");
    Path part = cache.resolve(tar.getFileName() + ".part");
    run(List.of("rm", "-rf", rootfs.toString()), 2);
    Path log = cache.resolve("debootstrap-" + suite + ".log");
    run(List.of(debootstrap, "--variant=minbase", suite, rootfs.toString(), mirror), log, 15);
    for (String folder : TRIM) {
      run(List.of("rm", "-rf", rootfs.resolve(folder).toString()), 2);
    }
    run(List.of("tar", "-C", rootfs.toString(), "-c", "-f", part.toString(), "."), 5);
    Files.move(part, tar, StandardCopyOption.ATOMIC_MOVE);
    run(List.of("rm", "-rf", rootfs.toString()), 2);
  }

  private static Path cacheFolder() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg == null || xdg.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache")
            : Path.of(xdg);
    return base.resolve("kiln");
  }

  private static void run(List<String> command, long minutes)
      throws IOException, InterruptedException {
    run(command, null, minutes);
  }

  private static void run(List<String> command, Path log, long minutes)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(
        log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()));
    Process process = builder.start();
    if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException(command.getFirst() + " took more than " + minutes + " minutes");
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command)
              + " failed with exit code "
              + process.exitValue()
              + (log == null ? "" : "; see " + log));
    }
  }
}

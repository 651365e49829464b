package dev.kiln.builder.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a sandboxed script sees of the host's file system: the system folders read-only, the admin's
 * extra folders, a private {@code /tmp} and {@code /dev/shm}, and none of Kiln's private paths,
 * which are covered wherever they lie inside a visible folder.
 *
 * @param privatePaths Kiln's own files and folders, to cover
 * @param readOnly the admin's extra folders to read, as real paths
 * @param writable the admin's extra folders to write, as real paths
 * @param system the system folders, {@link #SYSTEM} but in tests
 */
record SandboxMounts(
    Set<Path> privatePaths, List<Path> readOnly, List<Path> writable, List<Path> system) {

  /** The folders a build sees read-only: programs, libraries and their configuration. */
  static final List<Path> SYSTEM =
      List.of("/usr", "/etc", "/opt", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
          .stream()
          .map(Path::of)
          .toList();

  /**
   * bubblewrap's options: system folders, extra folders, the covers, then the sandbox's own mounts.
   */
  List<String> options() {
    List<String> args = new ArrayList<>();
    List<Path> visible = new ArrayList<>();
    for (Path folder : system) {
      if (Files.isSymbolicLink(folder)) {
        args.addAll(List.of("--symlink", readLink(folder), folder.toString()));
      } else if (Files.isDirectory(folder)) {
        args.addAll(List.of("--ro-bind", folder.toString(), folder.toString()));
        visible.add(folder);
      }
    }
    resolverFile(visible)
        .ifPresent(
            file -> {
              args.addAll(parents(file, visible));
              args.addAll(List.of("--ro-bind", file.toString(), file.toString()));
            });
    args.addAll(
        List.of(
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--perms",
            "1777",
            "--tmpfs",
            "/tmp",
            "--perms",
            "1777",
            "--tmpfs",
            "/dev/shm"));
    for (Path folder : readOnly) {
      args.addAll(parents(folder, visible));
      args.addAll(List.of("--ro-bind", folder.toString(), folder.toString()));
      visible.add(folder);
    }
    for (Path folder : writable) {
      args.addAll(parents(folder, visible));
      args.addAll(List.of("--bind", folder.toString(), folder.toString()));
      visible.add(folder);
    }
    for (Path cover : covers(visible)) {
      if (Files.isDirectory(cover, LinkOption.NOFOLLOW_LINKS)) {
        args.addAll(List.of("--tmpfs", cover.toString(), "--remount-ro", cover.toString()));
      } else {
        args.addAll(List.of("--ro-bind", "/dev/null", cover.toString()));
      }
    }
    return args;
  }

  /**
   * What to cover so that no private path shows: each private path inside a visible folder, or a
   * visible folder inside a private path. Real paths, as the sandbox mirrors the host's.
   */
  private Set<Path> covers(List<Path> visible) {
    Set<Path> covers = new LinkedHashSet<>();
    for (Path path : privatePaths) {
      Path real;
      try {
        real = path.toRealPath();
      } catch (IOException e) {
        continue; // nothing there to hide
      }
      for (Path folder : visible) {
        if (real.startsWith(folder)) {
          covers.add(real);
        } else if (folder.startsWith(real)) {
          covers.add(folder);
        }
      }
    }
    // A cover inside another is covered already (and could not be mounted in the read-only one).
    return covers.stream()
        .sorted()
        .filter(
            cover ->
                covers.stream().noneMatch(other -> !other.equals(cover) && cover.startsWith(other)))
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * {@code /etc/resolv.conf} often links to {@code /run}, which builds do not see; its target is
   * shown.
   */
  private static Optional<Path> resolverFile(List<Path> visible) {
    try {
      Path real = Path.of("/etc/resolv.conf").toRealPath();
      return visible.stream().anyMatch(real::startsWith) ? Optional.empty() : Optional.of(real);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Creates the folders above {@code path} that no visible folder provides, readable by all:
   * bubblewrap would otherwise make them readable by root alone.
   */
  private static List<String> parents(Path path, List<Path> visible) {
    List<String> args = new ArrayList<>();
    for (Path parent = path.getParent();
        parent != null && parent.getParent() != null;
        parent = parent.getParent()) {
      Path folder = parent;
      if (visible.stream().noneMatch(folder::startsWith)) {
        args.addAll(0, List.of("--perms", "0755", "--dir", folder.toString()));
      }
    }
    return args;
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new IllegalStateException("Could not read the link " + link + ": " + e.getMessage(), e);
    }
  }
}

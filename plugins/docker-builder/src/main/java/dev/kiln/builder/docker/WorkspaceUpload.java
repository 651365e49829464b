package dev.kiln.builder.docker;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Copies the build's files into the container before it starts, as one tar stream through the
 * Engine API: the work directory's contents become {@value #WORKSPACE}, the script {@value #SCRIPT}
 * (outside the workspace, so it is never taken for an artifact). The tar is written on a second
 * thread while the engine reads it, so a large workspace never sits whole in memory or on disk.
 */
final class WorkspaceUpload {

  static final String WORKSPACE = "/workspace";
  static final String SCRIPT = "/kiln/build.sh";
  private static final int PIPE_BUFFER = 64 * 1024;

  private WorkspaceUpload() {}

  /**
   * Copies the workspace Kiln prepared ({@code workDirectory}: the build's checkout, or nothing)
   * and {@code script} into the created container {@code id}.
   */
  static void copy(DockerClient client, String id, Path workDirectory, String script)
      throws IOException, InterruptedException {
    PipedOutputStream sink = new PipedOutputStream();
    IOException[] failure = new IOException[1];
    try (InputStream tar = new PipedInputStream(sink, PIPE_BUFFER)) {
      Thread writer =
          Thread.ofPlatform()
              .daemon()
              .name("tar-" + id.substring(0, 12))
              .start(
                  () -> {
                    try (sink) {
                      write(sink, workDirectory, script);
                    } catch (IOException e) {
                      failure[0] = e;
                    }
                  });
      // The files keep their modes; copyUIDGID gives them to the image's user, who may not be root.
      client
          .copyArchiveToContainerCmd(id)
          .withRemotePath("/")
          .withCopyUIDGID(true)
          .withTarInputStream(tar)
          .exec();
      writer.join();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  private static void write(OutputStream out, Path workDirectory, String script)
      throws IOException {
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      directory(tar, "kiln/", 0755);
      byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry(SCRIPT.substring(1));
      entry.setMode(0100755);
      entry.setSize(bytes.length);
      tar.putArchiveEntry(entry);
      tar.write(bytes);
      tar.closeArchiveEntry();
      directory(tar, WORKSPACE.substring(1) + "/", 0755);
      if (!Files.isDirectory(workDirectory)) {
        tar.finish(); // a context without a prepared workspace: the build starts in an empty one
        return;
      }
      try (Stream<Path> files = Files.walk(workDirectory)) {
        for (Path file : (Iterable<Path>) files.skip(1)::iterator) {
          add(
              tar,
              file,
              WORKSPACE.substring(1)
                  + "/"
                  + workDirectory.relativize(file).toString().replace('\\', '/'));
        }
      }
      tar.finish();
    }
  }

  private static void add(TarArchiveOutputStream tar, Path file, String name) throws IOException {
    if (Files.isSymbolicLink(file)) {
      TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
      link.setLinkName(Files.readSymbolicLink(file).toString());
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
    } else if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      directory(tar, name + "/", mode(file));
    } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setMode(0100000 | mode(file));
      entry.setSize(Files.size(file));
      entry.setModTime(Files.getLastModifiedTime(file));
      tar.putArchiveEntry(entry);
      Files.copy(file, tar);
      tar.closeArchiveEntry();
    }
    // Sockets, fifos and devices have no place in a workspace copy.
  }

  private static void directory(TarArchiveOutputStream tar, String name, int mode)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(040000 | mode);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  /** The file's permission bits; 0644 (0755 for folders) where the file system has none. */
  private static int mode(Path file) throws IOException {
    boolean folder = Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS);
    try {
      Set<PosixFilePermission> permissions =
          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      int mode = 0;
      for (PosixFilePermission permission : permissions) {
        mode |= 1 << (8 - permission.ordinal());
      }
      return mode;
    } catch (UnsupportedOperationException e) {
      return folder ? 0755 : 0644;
    }
  }
}

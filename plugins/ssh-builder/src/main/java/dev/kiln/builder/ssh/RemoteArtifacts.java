package dev.kiln.builder.ssh;

import dev.kiln.plugin.api.ArtifactSink;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.DirEntry;

/**
 * Finds the remote workspace's files that match the artifact patterns and streams them to the sink
 * over SFTP. Patterns are globs relative to the workspace, as in the local builder; symbolic links
 * are not followed.
 */
final class RemoteArtifacts {

  private final List<PathMatcher> matchers;

  RemoteArtifacts(List<String> patterns) {
    // As in .gitignore, "**/x" also matches x at the top of the workspace.
    this.matchers = patterns.stream()
        .flatMap(p -> p.startsWith("**/") ? Stream.of(p, p.substring(3)) : Stream.of(p))
        .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p))
        .toList();
  }

  /** Tells whether there is anything to look for. */
  boolean any() {
    return !matchers.isEmpty();
  }

  /**
   * Stores every matching regular file under {@code workspace}.
   *
   * @return how many were stored
   */
  int collect(SftpClient sftp, String workspace, ArtifactSink sink) throws IOException {
    int stored = 0;
    Deque<String> folders = new ArrayDeque<>(List.of(""));
    while (!folders.isEmpty()) {
      String folder = folders.pop();
      for (DirEntry entry : sftp.readDir(folder.isEmpty() ? workspace : workspace + "/" + folder)) {
        String name = entry.getFilename();
        if (name.equals(".") || name.equals("..")) {
          continue;
        }
        String relative = folder.isEmpty() ? name : folder + "/" + name;
        SftpClient.Attributes attributes = entry.getAttributes();
        if (attributes.isDirectory()) {
          folders.push(relative);
        } else if (attributes.isRegularFile() && matches(relative)) {
          long size = attributes.getSize();
          try (InputStream in = sftp.read(workspace + "/" + relative)) {
            sink.store(relative, size, new Exactly(in, size, relative));
          }
          stored++;
        }
      }
    }
    return stored;
  }

  private boolean matches(String relative) {
    Path path = Path.of(relative);
    return matchers.stream().anyMatch(m -> m.matches(path));
  }

  /** Delivers exactly the announced number of bytes, or fails: the sink was promised that size. */
  private static final class Exactly extends FilterInputStream {

    private final String name;
    private long left;

    Exactly(InputStream in, long size, String name) {
      super(in);
      this.left = size;
      this.name = name;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = super.read(buffer, offset, (int) Math.min(length, left));
      if (n == -1) {
        throw new IOException(name + " shrank while it was fetched");
      }
      left -= n;
      return n;
    }
  }
}

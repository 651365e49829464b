package dev.kiln.builder.ssh;

import dev.kiln.plugin.api.ArtifactMatcher;
import dev.kiln.plugin.api.ArtifactSink;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.LogSink;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.DirEntry;

/**
 * Finds the remote workspace's files that match the artifact patterns ({@link ArtifactMatcher}, as
 * every builder) and streams them to the sink over SFTP; symbolic links are not followed. It stops
 * when the build is stopped, and after {@link ArtifactMatcher#MAX_FILES_EXAMINED} entries.
 */
final class RemoteArtifacts {

  private final ArtifactMatcher matcher;
  private final int maxExamined;

  RemoteArtifacts(ArtifactMatcher matcher, int maxExamined) {
    this.matcher = matcher;
    this.maxExamined = maxExamined;
  }

  /**
   * The artifacts of a build with these patterns.
   *
   * @throws BuildException when a pattern is not usable: a build queued before Kiln's limits
   *     existed
   */
  static RemoteArtifacts forPatterns(List<String> patterns) throws BuildException {
    try {
      return new RemoteArtifacts(ArtifactMatcher.of(patterns), ArtifactMatcher.MAX_FILES_EXAMINED);
    } catch (IllegalArgumentException e) {
      throw new BuildException(
          "The artifact patterns cannot be used: "
              + e.getMessage()
              + " Edit the project's artifact patterns.",
          e);
    }
  }

  /** Tells whether there is anything to look for. */
  boolean any() {
    return !matcher.isEmpty();
  }

  /**
   * Stores every matching regular file under {@code workspace}, until {@code stopped} says so.
   *
   * @return how many were stored
   */
  int collect(
      SftpClient sftp, String workspace, ArtifactSink sink, BooleanSupplier stopped, LogSink log)
      throws IOException {
    int stored = 0;
    int examined = 0;
    Deque<String> folders = new ArrayDeque<>(List.of(""));
    while (!folders.isEmpty()) {
      String folder = folders.pop();
      for (DirEntry entry : sftp.readDir(folder.isEmpty() ? workspace : workspace + "/" + folder)) {
        String name = entry.getFilename();
        if (name.equals(".") || name.equals("..")) {
          continue;
        }
        if (stopped.getAsBoolean()) {
          log.notice(
              "Stopped looking for artifacts: the build was stopped. Stored "
                  + stored
                  + " artifact(s) until then.");
          return stored;
        }
        if (++examined > maxExamined) {
          log.notice(
              "Stopped looking for artifacts after "
                  + maxExamined
                  + " files and folders; the rest of"
                  + " the workspace was not searched.");
          return stored;
        }
        String relative = folder.isEmpty() ? name : folder + "/" + name;
        SftpClient.Attributes attributes = entry.getAttributes();
        if (attributes.isDirectory()) {
          folders.push(relative);
        } else if (attributes.isRegularFile() && matcher.matches(relative)) {
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

package dev.kiln.builder.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.DirEntry;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Removes the build folders under the work root whose build is no longer live in Kiln, killing what
 * is left of their scripts first: the node that ran them died, or the connection broke before the
 * folder was removed.
 */
final class OrphanReaper {

  private static final Duration REMOVE_WAIT = Duration.ofSeconds(60);

  private OrphanReaper() {}

  /** Reaps under the settings' work root; returns a line per folder removed. */
  static List<String> reap(SshConnection connection, SshSettings settings, Predicate<String> isLive)
      throws IOException {
    List<String> removed = new ArrayList<>();
    try (SftpClient sftp = connection.sftp()) {
      String root;
      List<String> names = new ArrayList<>();
      try {
        root = sftp.canonicalPath(settings.workRoot());
        for (DirEntry entry : sftp.readDir(root)) {
          if (entry.getAttributes().isDirectory()
              && RemoteWorkspace.NAME.matcher(entry.getFilename()).matches()) {
            names.add(entry.getFilename());
          }
        }
      } catch (SftpException e) {
        if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
          return removed;
        }
        throw e;
      }
      for (String name : names) {
        String buildId = RemoteWorkspace.buildIdOf(sftp, root, name);
        // Asked only now, so a build that started while we listed counts as live.
        if (buildId != null && !isLive.test(buildId)) {
          RemoteWorkspace workspace = RemoteWorkspace.at(root + "/" + name);
          SshConnection.Output output = connection.exec(workspace.reapCommand(), REMOVE_WAIT);
          removed.add(
              output.exitCode() == 0
                  ? "Removed "
                      + workspace.dir()
                      + " on "
                      + settings.host()
                      + ", left by build "
                      + buildId
                      + "."
                  : "Could not remove "
                      + workspace.dir()
                      + " on "
                      + settings.host()
                      + ": "
                      + output.text().strip());
        }
      }
    }
    return removed;
  }
}

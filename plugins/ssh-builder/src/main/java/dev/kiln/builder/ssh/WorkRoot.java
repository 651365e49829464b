package dev.kiln.builder.ssh;

import dev.kiln.plugin.api.BuildException;
import java.io.IOException;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.Attributes;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * The remote folder every build's folder goes under ({@code work-root}). Another user of the host
 * could create it first, or leave a link in its place, and then read or swap the builds' scripts
 * and outputs: so Kiln creates it readable by the remote user alone when it is missing, and refuses
 * to build when it is a link, belongs to someone else, or others may write in it or in a folder
 * above it (unless that folder is sticky, as {@code /tmp} is, where others cannot rename it).
 */
final class WorkRoot {

  private static final int GROUP_OR_OTHER_WRITE = 0022;
  private static final int OTHER_WRITE = 0002;
  private static final int STICKY = 01000;

  private WorkRoot() {}

  /**
   * Creates {@code path} and its missing parents if need be, checks it, and returns its absolute
   * form.
   *
   * @param uid the remote user's id
   * @throws BuildException naming the setting, when the folder is not safe to build in
   */
  static String secure(SftpClient sftp, String path, int uid) throws IOException, BuildException {
    String current = path.startsWith("/") ? "" : ".";
    boolean created = false;
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      current = current + "/" + part;
      if (lstat(sftp, current) == null) {
        sftp.mkdir(current);
        created = true;
      }
    }
    if (created) {
      sftp.setStat(current, new Attributes().perms(0700));
    }
    Attributes root = lstat(sftp, current);
    if (root == null || root.isSymbolicLink() || !root.isDirectory()) {
      throw refused(
          path,
          "is "
              + (root == null ? "gone" : root.isSymbolicLink() ? "a symbolic link" : "not a folder")
              + ". Remove it or choose another folder");
    }
    if (root.getUserId() != uid) {
      throw refused(
          path,
          "belongs to user id "
              + root.getUserId()
              + ", not to the user Kiln logs in as ("
              + uid
              + "). Remove it or choose another folder");
    }
    if ((root.getPermissions() & GROUP_OR_OTHER_WRITE) != 0) {
      throw refused(
          path,
          "may be written by other users (mode "
              + Integer.toOctalString(root.getPermissions() & 07777)
              + "). Run chmod 700 on it");
    }
    String absolute = sftp.canonicalPath(current);
    for (String parent = parentOf(absolute); parent != null; parent = parentOf(parent)) {
      Attributes above = sftp.stat(parent);
      if ((above.getPermissions() & OTHER_WRITE) != 0 && (above.getPermissions() & STICKY) == 0) {
        throw refused(
            path,
            "is inside "
                + parent
                + ", which every user may write in and which is not sticky, so"
                + " another user could swap it. Choose a folder in the user's home");
      }
    }
    return absolute;
  }

  private static BuildException refused(String path, String problem) {
    return new BuildException("The remote work folder (work-root) " + path + " " + problem + ".");
  }

  private static String parentOf(String absolute) {
    if (absolute.equals("/")) {
      return null;
    }
    int slash = absolute.lastIndexOf('/');
    return slash <= 0 ? "/" : absolute.substring(0, slash);
  }

  private static Attributes lstat(SftpClient sftp, String path) throws IOException {
    try {
      return sftp.lstat(path);
    } catch (SftpException e) {
      if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
        return null;
      }
      throw e;
    }
  }
}

package dev.kiln.portal.source;

import dev.kiln.portal.source.SourceException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment that lets git authenticate to one repository, and nothing that outlives a call.
 * An SSH key goes to a 0600 file in a 0700 temporary folder (outside every workspace and mirror),
 * named by {@code GIT_SSH_COMMAND} and deleted on {@link #close()}. A token goes into git's
 * config-by-environment ({@code GIT_CONFIG_COUNT/KEY/VALUE}) as an {@code
 * http.<origin>.extraHeader} scoped to the repository's own scheme, host and port, so a submodule
 * on another host never receives it; it is never in an address, an argument or a file. SSH uses the
 * node's known hosts under the mirror folder, trusting a host's key on first use ({@code
 * accept-new}) and refusing a changed one.
 */
final class GitAccess implements AutoCloseable {

  /** The user name tokens are sent with, as GitHub, GitLab and Gitea take them. */
  static final String TOKEN_USER = "x-access-token";

  private final Map<String, String> env = new LinkedHashMap<>();
  private final Path keyFolder;
  private final String secret;
  private final String header;

  private GitAccess(Path keyFolder, String secret, String header) {
    this.keyFolder = keyFolder;
    this.secret = secret;
    this.header = header;
  }

  /** Access to {@code url} with {@code credential}; {@code knownHosts} is the node's file. */
  static GitAccess open(GitUrl url, GitCredential credential, Path knownHosts)
      throws SourceException {
    switch (credential) {
      case GitCredential.None none -> {
        GitAccess access = new GitAccess(null, null, null);
        access.ssh(url, knownHosts, null);
        return access;
      }
      case GitCredential.Token token -> {
        if (url.kind() != GitUrl.Kind.HTTPS && url.kind() != GitUrl.Kind.HTTP) {
          throw refused("A token works only with an https:// repository address.");
        }
        String value = token.token() == null ? "" : token.token().strip();
        if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
          throw refused("The token is empty or has a line break or control character.");
        }
        String basic =
            Base64.getEncoder()
                .encodeToString((TOKEN_USER + ":" + value).getBytes(StandardCharsets.UTF_8));
        GitAccess access = new GitAccess(null, value, basic);
        access.env.put("GIT_CONFIG_COUNT", "1");
        access.env.put("GIT_CONFIG_KEY_0", "http." + url.httpOrigin() + ".extraHeader");
        access.env.put("GIT_CONFIG_VALUE_0", "Authorization: Basic " + basic);
        return access;
      }
      case GitCredential.SshKey key -> {
        if (url.kind() != GitUrl.Kind.SSH) {
          throw refused(
              "An SSH key works only with an ssh://… or user@host:path repository address.");
        }
        String pem = key.privateKeyPem() == null ? "" : key.privateKeyPem().strip();
        if (!pem.contains("PRIVATE KEY")) {
          throw refused("The SSH key is not a private key in OpenSSH or PEM form.");
        }
        return withKeyFile(url, pem.replace("\r\n", "\n") + "\n", knownHosts);
      }
    }
  }

  private static GitAccess withKeyFile(GitUrl url, String pem, Path knownHosts)
      throws SourceException {
    Path folder = null;
    try {
      folder =
          Files.createTempDirectory(
              "kiln-git-key-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path file =
          Files.createFile(
              folder.resolve("key"),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, pem);
      GitAccess access = new GitAccess(folder, pem.strip(), null);
      access.ssh(url, knownHosts, file);
      return access;
    } catch (IOException e) {
      new GitAccess(folder, null, null).close();
      throw new SourceException(
          Problem.FAILED, "Could not write the SSH key to a temporary file: " + e.getMessage());
    }
  }

  private void ssh(GitUrl url, Path knownHosts, Path key) {
    if (url.kind() != GitUrl.Kind.SSH) {
      return;
    }
    StringBuilder command =
        new StringBuilder("ssh -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes")
            .append(" -o IdentityAgent=none -o ConnectTimeout=30")
            .append(" -o StrictHostKeyChecking=accept-new -o GlobalKnownHostsFile=/dev/null")
            .append(" -o UserKnownHostsFile=")
            .append(quoted(knownHosts));
    if (key != null) {
      command.append(" -i ").append(quoted(key));
    }
    env.put("GIT_SSH_COMMAND", command.toString());
  }

  /** The variables to add to git's environment. */
  Map<String, String> env() {
    return env;
  }

  /** {@code text} with the credential, in any form git could print it, replaced by "***". */
  String redact(String text) {
    String clean = text;
    for (String value : new String[] {secret, header}) {
      if (value != null && !value.isEmpty()) {
        clean = clean.replace(value, "***");
      }
    }
    return clean;
  }

  @Override
  public void close() {
    if (keyFolder == null) {
      return;
    }
    try {
      Files.deleteIfExists(keyFolder.resolve("key"));
      Files.deleteIfExists(keyFolder);
    } catch (IOException e) {
      throw new IllegalStateException("Could not delete the SSH key's temporary file", e);
    }
  }

  private static String quoted(Path path) {
    return "'" + path.toAbsolutePath().toString().replace("'", "'\\''") + "'";
  }

  private static SourceException refused(String message) {
    return new SourceException(Problem.REFUSED_INPUT, message);
  }
}

package dev.kiln.portal.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The {@link RepositoryProbe} until the node's git mirrors answer checks themselves: {@code git
 * ls-remote} with the credential in git's environment only (an HTTPS token as a header, an SSH key
 * in a file only this node's user may read, deleted at once), never on its command line.
 */
@Component
class GitLsRemoteProbe implements RepositoryProbe {

  private static final long TIMEOUT_SECONDS = 30;

  @Override
  public RepositoryAccess check(String url, String branch, String credential, boolean submodules)
      throws InterruptedException {
    Path home = null;
    try {
      home =
          Files.createTempDirectory(
              "kiln-check-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      var command = new ProcessBuilder("git", "ls-remote", "--symref", url);
      command.environment().putAll(environment(url, credential, home));
      command.directory(home.toFile()).redirectOutput(home.resolve("out").toFile());
      command.redirectError(home.resolve("err").toFile());
      Process git = command.start();
      if (!git.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        git.destroyForcibly();
        return RepositoryAccess.problem(
            "No answer from the repository's host within " + TIMEOUT_SECONDS + " s.");
      }
      String out = Files.readString(home.resolve("out"));
      String err = Files.readString(home.resolve("err"));
      return git.exitValue() == 0 ? RemoteRefs.parse(out).find(branch) : RemoteRefs.problem(err);
    } catch (IOException e) {
      return RepositoryAccess.problem("git could not be started on this node: " + e.getMessage());
    } finally {
      removeQuietly(home);
    }
  }

  private static Map<String, String> environment(String url, String credential, Path home)
      throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("GIT_TERMINAL_PROMPT", "0");
    // The node user's own git configuration (credential helpers, rewrites) stays out of the check.
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_ASKPASS", "/bin/false");
    env.put("SSH_ASKPASS", "/bin/false");
    if (credential.isEmpty()) {
      return env;
    }
    if (RepositoryUrls.kind(url) != RepositoryUrls.Kind.SSH) {
      String basic =
          Base64.getEncoder()
              .encodeToString(("x-access-token:" + credential).getBytes(StandardCharsets.UTF_8));
      env.put("GIT_CONFIG_COUNT", "1");
      env.put("GIT_CONFIG_KEY_0", "http.extraHeader");
      env.put("GIT_CONFIG_VALUE_0", "Authorization: Basic " + basic);
    } else {
      Path key = home.resolve("key");
      Files.writeString(key, credential.strip() + "\n");
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      env.put(
          "GIT_SSH_COMMAND",
          "ssh -i " + key + " -o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=15");
    }
    return env;
  }

  private static void removeQuietly(Path home) {
    if (home == null) {
      return;
    }
    for (String name : List.of("key", "out", "err")) {
      try {
        Files.deleteIfExists(home.resolve(name));
      } catch (IOException e) {
        // The folder is private to this node's user; the OS cleans temp folders too.
      }
    }
    try {
      Files.deleteIfExists(home);
    } catch (IOException e) {
      // As above.
    }
  }
}

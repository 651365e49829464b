package dev.kiln.portal.source;

import dev.kiln.portal.source.SourceException.Problem;
import java.util.List;
import java.util.Locale;

/**
 * Turns what git printed on failure into words a maintainer can act on. Matched on git's English
 * messages ({@code LC_ALL=C}); anything unknown keeps git's last line, with the credential
 * redacted.
 */
final class GitErrors {

  private GitErrors() {}

  /**
   * The problem behind a failed git call on {@code url}; {@code sha} is the commit being fetched,
   * or null.
   */
  static SourceException of(
      GitProcess.Result result,
      GitUrl url,
      GitCredential credential,
      String sha,
      GitAccess access) {
    String err = result.err().toLowerCase(Locale.ROOT);
    String host = url.host().isEmpty() ? url.text() : url.host();
    if (has(err, "could not resolve hostname", "could not resolve host")) {
      return new SourceException(
          Problem.UNKNOWN_HOST,
          "The host "
              + host
              + " is unknown: DNS has no address for it. Check the repository"
              + " address.");
    }
    if (has(err, "connection refused")) {
      return new SourceException(
          Problem.UNREACHABLE,
          host + " refused the connection: no git server listens at that address and port.");
    }
    if (has(
        err,
        "couldn't connect to server",
        "no route to host",
        "network is unreachable",
        "timed out",
        "failed to connect")) {
      return new SourceException(
          Problem.UNREACHABLE,
          "Could not connect to "
              + host
              + ": nothing listens at that address and port, or the network is in the way.");
    }
    if (has(err, "host key verification failed", "remote host identification has changed")) {
      return new SourceException(
          Problem.HOST_KEY_CHANGED,
          "The SSH host key of "
              + host
              + " is not the one this node saw before: the server"
              + " changed its key, or something is in between. If the change is expected, an"
              + " admin removes the host's line from known_hosts in kiln.sources.mirror-dir.");
    }
    if (has(err, "permission denied (publickey", "permission denied, please try again")) {
      return new SourceException(
          Problem.CREDENTIALS_REFUSED,
          credential instanceof GitCredential.SshKey
              ? "The server refused the SSH key: add the key's public half to the repository as"
                  + " a deploy key."
              : "The server needs an SSH key: choose a deploy key as the project's credential.");
    }
    if (has(
        err,
        "returned error: 401",
        "returned error: 403",
        "authentication failed",
        "could not read username",
        "could not read password",
        "terminal prompts disabled")) {
      return new SourceException(
          Problem.CREDENTIALS_REFUSED,
          credential instanceof GitCredential.Token
              ? "The server refused the token: check that it is valid and may read the"
                  + " repository."
              : "The repository needs credentials: choose a token as the project's credential.");
    }
    if (sha != null
        && has(
            err,
            "not our ref",
            "couldn't find remote ref",
            "unadvertised object",
            "no such remote ref")) {
      return commitMissing(sha);
    }
    if (has(
        err,
        "not found",
        "does not appear to be a git repository",
        "not a git repository",
        "no such repository",
        "is this a git repository",
        "invalid server response",
        "protocol error",
        "unexpected end of file")) {
      return new SourceException(
          Problem.NOT_A_REPOSITORY,
          url.text()
              + " is not a git repository, or does not exist"
              + (credential instanceof GitCredential.None
                  ? " (or is private and needs credentials)."
                  : "."));
    }
    if (has(err, "transport '") && has(err, "not allowed")) {
      return new SourceException(
          Problem.REFUSED_INPUT, "Kiln refused a git transport: " + lastLine(result, access));
    }
    return new SourceException(Problem.FAILED, "git failed: " + lastLine(result, access));
  }

  /** The commit is gone from the repository. */
  static SourceException commitMissing(String sha) {
    return new SourceException(
        Problem.COMMIT_MISSING,
        "The commit " + sha + " is no longer in the repository: removed by a force-push?");
  }

  private static boolean has(String text, String... needles) {
    return List.of(needles).stream().anyMatch(text::contains);
  }

  private static String lastLine(GitProcess.Result result, GitAccess access) {
    String[] lines = result.err().strip().split("[\r\n]+");
    String last =
        lines.length == 0 || lines[lines.length - 1].isBlank()
            ? "exit code " + result.exit()
            : lines[lines.length - 1];
    return GitRefs.printable(access.redact(last));
  }
}

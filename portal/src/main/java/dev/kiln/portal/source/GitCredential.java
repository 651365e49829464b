package dev.kiln.portal.source;

/**
 * What a runner authenticates with, opened from Kiln's secrets. Never written to the workspace or
 * the mirror, and never in {@link #toString()}.
 */
public sealed interface GitCredential {

  /**
   * The credential an opened secret is for {@code repository}: none for no value, an SSH key for an
   * SSH address, a token for the others.
   */
  public static GitCredential forAddress(String repository, String value) {
    if (value == null || value.isEmpty()) {
      return new None();
    }
    return GitUrl.isSsh(repository) ? new SshKey(value) : new Token(value);
  }

  /** A public repository (or a local one). */
  record None() implements GitCredential {}

  /** An SSH deploy key, in OpenSSH or PEM form, for {@code ssh://} and scp-like addresses. */
  record SshKey(String privateKeyPem) implements GitCredential {
    @Override
    public String toString() {
      return "SshKey[hidden]";
    }
  }

  /**
   * An HTTPS token, sent as the basic-auth password with the user name {@code x-access-token}, as
   * GitHub, GitLab and Gitea take it.
   */
  record Token(String token) implements GitCredential {
    @Override
    public String toString() {
      return "Token[hidden]";
    }
  }
}

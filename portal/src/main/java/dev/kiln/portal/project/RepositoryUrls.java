package dev.kiln.portal.project;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which repository addresses a project may have: {@code https://} (or {@code http://}, whose token
 * would cross the network in clear, so only to this machine), {@code ssh://} and scp-like {@code
 * user@host:path}, and local paths where the node allows them. Nothing git would read as an option
 * or as another transport ({@code ext::…}), and no password in the address: it belongs in a secret.
 */
public final class RepositoryUrls {

  /** The kind of address, which decides what kind of credential opens it. */
  public enum Kind {
    HTTPS,
    HTTP,
    SSH,
    LOCAL
  }

  private static final Pattern SCP = Pattern.compile("([A-Za-z0-9._-]+@)?([A-Za-z0-9.-]+):(.+)");
  private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]+");
  private static final Set<String> THIS_MACHINE = Set.of("localhost", "127.0.0.1", "[::1]");

  private RepositoryUrls() {}

  /** The kind of a valid address. */
  public static Kind kind(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://")) {
      return Kind.HTTPS;
    }
    if (lower.startsWith("http://")) {
      return Kind.HTTP;
    }
    if (lower.startsWith("ssh://")
        || (!url.contains("://") && !url.startsWith("/") && SCP.matcher(url).matches())) {
      return Kind.SSH;
    }
    return Kind.LOCAL;
  }

  /**
   * Why {@code url} cannot be a project's repository, in words; empty when it can.
   *
   * @param localPaths whether this installation allows local paths ({@code
   *     kiln.sources.allow-local-paths})
   * @param withToken whether a token is to be sent to it
   */
  public static Optional<String> problem(String url, boolean localPaths, boolean withToken) {
    if (url.length() > 500) {
      return Optional.of("The address is too long: at most 500 characters.");
    }
    if (!PRINTABLE.matcher(url).matches()) {
      return Optional.of("The address may not contain spaces or control characters.");
    }
    if (url.startsWith("-")) {
      return Optional.of("The address may not start with '-', which git would read as an option.");
    }
    if (url.contains("::")) {
      return Optional.of(
          "'" + url + "' names a git transport helper; use https://, ssh:// or user@host:path.");
    }
    return switch (kind(url)) {
      case HTTPS, HTTP, SSH -> network(url, withToken);
      case LOCAL -> local(url, localPaths);
    };
  }

  private static Optional<String> network(String url, boolean withToken) {
    if (!url.contains("://")) {
      return Optional.empty(); // scp-like, matched by SCP
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("'" + url + "' is not a valid address: " + e.getReason() + ".");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of("'" + url + "' names no host.");
    }
    if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
      return Optional.of(
          "Remove the password from the address: store it as a secret and choose that secret as"
              + " the credential.");
    }
    if (uri.getPath() == null || uri.getPath().length() < 2) {
      return Optional.of("'" + url + "' names no repository on " + uri.getHost() + ".");
    }
    if (withToken
        && "http".equalsIgnoreCase(uri.getScheme())
        && !THIS_MACHINE.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
      return Optional.of("A token would cross the network unencrypted over http://; use https://.");
    }
    return Optional.empty();
  }

  private static Optional<String> local(String url, boolean localPaths) {
    if (url.contains("://") && !url.toLowerCase(Locale.ROOT).startsWith("file://")) {
      return Optional.of(
          "'"
              + url.substring(0, url.indexOf("://"))
              + "' is not a transport Kiln fetches with: use https://, ssh:// or user@host:path.");
    }
    String path = url.startsWith("file://") ? url.substring("file://".length()) : url;
    if (!path.startsWith("/")) {
      return Optional.of(
          "'"
              + url
              + "' is not a repository address: use https://host/owner/repo.git, ssh://host/repo,"
              + " user@host:repo.git or an absolute local path.");
    }
    if (!localPaths) {
      return Optional.of(
          "This installation does not build from local paths (kiln.sources.allow-local-paths);"
              + " give an https:// or ssh:// address.");
    }
    if (path.contains("/../") || path.endsWith("/..")) {
      return Optional.of("Give the path without '..'.");
    }
    return Optional.empty();
  }
}

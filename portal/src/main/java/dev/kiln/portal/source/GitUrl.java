package dev.kiln.portal.source;

import dev.kiln.portal.source.SourceException.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository address Kiln accepts, checked before git sees it: {@code https://}, {@code ssh://},
 * scp-like {@code user@host:path}, plain {@code http://} only to hosts the admin listed as
 * internal, and local paths only where allowed. No other transport (git's {@code ext::} runs
 * commands), no password in the address, nothing git could read as an option.
 *
 * @param text the address as given, passed to git unchanged
 * @param kind how git reaches it
 * @param host the host in lower case, without brackets; empty for a local path
 * @param port the port, or -1 for the transport's default
 */
record GitUrl(String text, Kind kind, String host, int port) {

  /** How git reaches a repository. */
  enum Kind {
    HTTPS,
    HTTP,
    SSH,
    LOCAL
  }

  private static final Pattern SCP_LIKE =
      Pattern.compile(
          "^(?:([A-Za-z0-9_][A-Za-z0-9._-]*)@)?([A-Za-z0-9][A-Za-z0-9.-]*|\\[[0-9A-Fa-f:.]+\\]):(.+)$");
  private static final String FORMS =
      "Use https://host/path, ssh://user@host/path or user@host:path";

  /** Parses and checks {@code text} against the node's rules. */
  static GitUrl parse(String text, SourceProperties rules) throws SourceException {
    if (text == null || text.isBlank()) {
      throw refused("The repository address is empty.");
    }
    if (text.length() > 2048 || !text.chars().allMatch(c -> c > 0x20 && c != 0x7f)) {
      throw refused("The repository address contains spaces or control characters.");
    }
    if (text.startsWith("-")) {
      throw refused("The repository address must not start with '-'.");
    }
    if (text.matches("^[A-Za-z0-9+.-]*::.*")) {
      throw refused("Git transports such as ext:: are not allowed. " + FORMS + ".");
    }
    String lower = text.toLowerCase(Locale.ROOT);
    GitUrl url;
    if (lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("ssh://")) {
      url = hierarchical(text, lower);
    } else if (lower.startsWith("file://") || text.startsWith("/")) {
      url = new GitUrl(text, Kind.LOCAL, "", -1);
    } else if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
      throw refused(
          "Kiln does not fetch "
              + text.substring(0, lower.indexOf("://"))
              + " addresses. "
              + FORMS
              + ".");
    } else {
      url = scpLike(text);
    }
    if (url.kind == Kind.LOCAL && !rules.localPathsAllowed()) {
      throw refused(
          "Local paths are not allowed as repositories on this Kiln"
              + " (kiln.sources.allow-local-paths). "
              + FORMS
              + ".");
    }
    if (url.kind == Kind.HTTP && !rules.allowedInternalHosts().contains(url.host)) {
      throw refused(
          "Plain http:// would send credentials and code unencrypted: use https://. (Plain http is"
              + " allowed only to hosts listed in kiln.sources.allowed-internal-hosts.)");
    }
    return url;
  }

  /** Whether {@code text} is an SSH address ({@code ssh://} or scp-like), by its form alone. */
  static boolean isSsh(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.startsWith("ssh://")
        || (!lower.contains("://") && !text.startsWith("/") && SCP_LIKE.matcher(text).matches());
  }

  /** The name of its transport in {@code GIT_ALLOW_PROTOCOL}. */
  String protocol() {
    return kind == Kind.LOCAL ? "file" : kind.name().toLowerCase(Locale.ROOT);
  }

  /** {@code scheme://host[:port]/}: what an HTTP header is scoped to. */
  String httpOrigin() {
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return kind.name().toLowerCase(Locale.ROOT)
        + "://"
        + shown
        + (port < 0 ? "" : ":" + port)
        + "/";
  }

  private static GitUrl hierarchical(String text, String lower) throws SourceException {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw refused("The repository address is not a valid URL: " + e.getReason() + ".");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw refused("The repository address names no host. " + FORMS + ".");
    }
    String user = uri.getRawUserInfo();
    if (user != null && user.contains(":")) {
      throw refused(
          "The repository address carries a password. Remove it and put the token in a secret"
              + " chosen as the project's credential.");
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw refused("The repository address must not have a ?query or #fragment.");
    }
    Kind kind =
        lower.startsWith("https://")
            ? Kind.HTTPS
            : lower.startsWith("http://") ? Kind.HTTP : Kind.SSH;
    return new GitUrl(text, kind, hostOf(uri.getHost()), uri.getPort());
  }

  private static GitUrl scpLike(String text) throws SourceException {
    Matcher scp = SCP_LIKE.matcher(text);
    if (!scp.matches() || text.indexOf('/') >= 0 && text.indexOf('/') < text.indexOf(':')) {
      throw refused("'" + text + "' is not a repository address Kiln accepts. " + FORMS + ".");
    }
    if (scp.group(3).startsWith("-")) {
      throw refused("The path in the repository address must not start with '-'.");
    }
    return new GitUrl(text, Kind.SSH, hostOf(scp.group(2)), -1);
  }

  private static String hostOf(String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return bare.toLowerCase(Locale.ROOT);
  }

  private static SourceException refused(String message) {
    return new SourceException(Problem.REFUSED_INPUT, message);
  }
}

package dev.kiln.portal.build.ui;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web page of a commit on the forge that hosts the repository, when the repository's address is
 * shaped like GitHub's, GitLab's or Gitea's (Forgejo, Codeberg). Anything else gets no link: Kiln
 * never guesses a page on an unknown server, and never links to a scheme other than http(s), nor
 * repeats credentials written into the address.
 */
public final class CommitLinks {

  private static final Pattern SCP_LIKE = Pattern.compile("[A-Za-z0-9._-]+@([A-Za-z0-9.-]+):(.+)");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  private CommitLinks() {}

  /** The commit's web page, or empty when the address is not a known forge's. */
  public static Optional<String> of(String repository, String commit) {
    if (repository == null || commit == null || !SHA.matcher(commit).matches()) {
      return Optional.empty();
    }
    String scheme;
    String host;
    String path;
    Matcher scp = SCP_LIKE.matcher(repository.strip());
    if (scp.matches()) {
      scheme = "https";
      host = scp.group(1);
      path = scp.group(2);
    } else {
      try {
        URI uri = new URI(repository.strip());
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawPath() == null) {
          return Optional.empty();
        }
        scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("ssh")) {
          return Optional.empty();
        }
        // A port over ssh is the ssh server's, not the web server's.
        host =
            uri.getHost()
                + (scheme.startsWith("http") && uri.getPort() > 0 ? ":" + uri.getPort() : "");
        scheme = scheme.equals("ssh") ? "https" : scheme;
        path = uri.getRawPath();
      } catch (URISyntaxException e) {
        return Optional.empty();
      }
    }
    return page(scheme, host, path, commit);
  }

  private static Optional<String> page(String scheme, String host, String path, String commit) {
    String hostName = host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
    if (!HOST.matcher(hostName).matches()) {
      return Optional.empty();
    }
    String[] segments =
        path.replaceFirst("^/+", "").replaceFirst("/+$", "").replaceFirst("\\.git$", "").split("/");
    for (String segment : segments) {
      if (!SEGMENT.matcher(segment).matches() || segment.startsWith(".")) {
        return Optional.empty();
      }
    }
    String base = scheme + "://" + host.toLowerCase(Locale.ROOT) + "/" + String.join("/", segments);
    if (hostName.contains("gitlab")) { // groups may nest: group/subgroup/project
      return segments.length >= 2 ? Optional.of(base + "/-/commit/" + commit) : Optional.empty();
    }
    boolean github = hostName.equals("github.com") || hostName.contains("github");
    boolean gitea =
        hostName.contains("gitea")
            || hostName.contains("forgejo")
            || hostName.equals("codeberg.org");
    return (github || gitea) && segments.length == 2
        ? Optional.of(base + "/commit/" + commit)
        : Optional.empty();
  }
}

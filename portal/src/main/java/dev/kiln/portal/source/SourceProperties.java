package dev.kiln.portal.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How runners fetch projects' repositories (see docs/sources.md).
 *
 * @param mirrorDir where this node keeps one bare mirror per repository, and its SSH known hosts
 * @param maxSize the most one repository's mirror may hold; a fetch past it is stopped (2 GB)
 * @param allowLocalPaths whether a repository may be a local path or {@code file://} address; unset
 *     means: allowed with the embedded database (a single machine), refused otherwise
 * @param allowedInternalHosts hosts Kiln may fetch from although they resolve to a loopback,
 *     link-local or private address: self-hosted git servers on the local network
 * @param submoduleHosts hosts whose submodules are followed besides the repository's own host
 * @param timeout the longest one git command may run (30 minutes)
 */
@ConfigurationProperties("kiln.sources")
public record SourceProperties(
    Path mirrorDir,
    DataSize maxSize,
    Boolean allowLocalPaths,
    List<String> allowedInternalHosts,
    List<String> submoduleHosts,
    Duration timeout) {

  /** Fills in the defaults and takes host names in lower case. */
  public SourceProperties {
    mirrorDir = mirrorDir == null ? Path.of("kiln-data", "git-mirrors") : mirrorDir;
    maxSize = maxSize == null ? DataSize.ofGigabytes(2) : maxSize;
    allowedInternalHosts = lowerCase(allowedInternalHosts);
    submoduleHosts = lowerCase(submoduleHosts);
    timeout = timeout == null ? Duration.ofMinutes(30) : timeout;
  }

  /** These settings with local paths allowed or not, when the admin left it unset. */
  SourceProperties withLocalPathsDefault(boolean allowed) {
    return new SourceProperties(
        mirrorDir,
        maxSize,
        allowLocalPaths == null ? allowed : allowLocalPaths,
        allowedInternalHosts,
        submoduleHosts,
        timeout);
  }

  boolean localPathsAllowed() {
    return Boolean.TRUE.equals(allowLocalPaths);
  }

  private static List<String> lowerCase(List<String> hosts) {
    return hosts == null
        ? List.of()
        : hosts.stream()
            .map(String::strip)
            .filter(h -> !h.isEmpty())
            .map(h -> h.toLowerCase(Locale.ROOT))
            .toList();
  }
}

package dev.kiln.portal.source;

import dev.kiln.portal.source.SourceException.Problem;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Keeps a project's repository address from reaching the node's own network: a host that resolves
 * to a loopback, link-local (cloud metadata at 169.254.169.254), private, shared or unspecified
 * address is refused unless the admin listed it in {@code kiln.sources.allowed-internal-hosts}. Git
 * resolves the name again when it connects; a DNS answer that changes in between is a remaining
 * gap, narrowed by checking every address the name has.
 */
final class OutboundGuard {

  private OutboundGuard() {}

  /** Refuses {@code url} when its host is internal and not allowed, or unknown to DNS. */
  static void check(GitUrl url, SourceProperties rules) throws SourceException {
    if (url.kind() == GitUrl.Kind.LOCAL || rules.allowedInternalHosts().contains(url.host())) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(url.host());
    } catch (UnknownHostException e) {
      throw new SourceException(
          Problem.UNKNOWN_HOST,
          "The host "
              + url.host()
              + " is unknown: DNS has no address for it. Check the"
              + " repository address.");
    }
    for (InetAddress address : addresses) {
      if (internal(address)) {
        throw new SourceException(
            Problem.REFUSED_INPUT,
            "The host "
                + url.host()
                + " resolves to an internal address ("
                + address.getHostAddress()
                + "). Kiln fetches from such hosts only when the admin lists them in"
                + " kiln.sources.allowed-internal-hosts.");
      }
    }
  }

  /** Whether {@code address} belongs to the node's own or a private network. */
  static boolean internal(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isAnyLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 || first == 100 && second >= 64 && second < 128 || first >= 240;
    }
    // fc00::/7, unique local addresses; IPv4-mapped addresses arrive as Inet4Address already.
    return address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
  }
}

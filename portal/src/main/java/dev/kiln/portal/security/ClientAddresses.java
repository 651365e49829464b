package dev.kiln.portal.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The key a client's address is counted under by the per-address limits (log-ins, invalid API
 * tokens). An IPv4 address is its own key. An IPv6 client is counted by its /64 network: one
 * subscriber or host is given a whole /64 and can send from any of its 2^64 addresses, so keying by
 * the full address would give it a fresh budget per request.
 */
final class ClientAddresses {

  private ClientAddresses() {}

  /**
   * {@code 203.0.113.7} stays itself; {@code 2001:db8:1:2::9} becomes {@code
   * 2001:db8:1:2:0:0:0:0/64}.
   */
  static String limitKey(String address) {
    if (address == null || address.indexOf(':') < 0) {
      return address;
    }
    try {
      // A literal only (it holds ':'), so no name look-up happens.
      InetAddress parsed = InetAddress.getByName(address);
      if (!(parsed instanceof Inet6Address)) {
        return parsed.getHostAddress();
      }
      byte[] network = Arrays.copyOf(parsed.getAddress(), 16);
      Arrays.fill(network, 8, 16, (byte) 0);
      return InetAddress.getByAddress(network).getHostAddress() + "/64";
    } catch (UnknownHostException | IllegalArgumentException notAnAddress) {
      return address;
    }
  }
}

package dev.kiln.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Per-address limits count an IPv6 client by its /64, which one host can send from all of. */
class ClientAddressesTest {

  @Test
  void everyAddressOfOneIpv6SlashSixtyFourSharesOneKey() {
    String key = ClientAddresses.limitKey("2001:db8:1:2::9");
    assertThat(ClientAddresses.limitKey("2001:db8:1:2:ffff:ffff:ffff:fffe")).isEqualTo(key);
    assertThat(ClientAddresses.limitKey("2001:0DB8:0001:0002:0:0:0:1")).isEqualTo(key);
    assertThat(ClientAddresses.limitKey("2001:db8:1:3::9")).isNotEqualTo(key);
    assertThat(key).isEqualTo("2001:db8:1:2:0:0:0:0/64");
  }

  @Test
  void ipv4AddressesAreTheirOwnKey() {
    assertThat(ClientAddresses.limitKey("203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(ClientAddresses.limitKey("203.0.113.8"))
        .isNotEqualTo(ClientAddresses.limitKey("203.0.113.7"));
    assertThat(ClientAddresses.limitKey("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
  }

  @Test
  void invalidTokenBudgetIsSharedAcrossAnIpv6SlashSixtyFour() {
    var limit = new InvalidTokenLimit(2, Duration.ofMinutes(1), TimeMeter.SYSTEM_MILLISECONDS);
    for (int i = 1; i <= 2; i++) {
      var claim = limit.claim("2001:db8:1:2::" + i, "guess-" + i);
      assertThat(claim.allowed()).isTrue();
      claim.ended(false);
    }
    assertThat(limit.claim("2001:db8:1:2::99", "guess-3").allowed())
        .as("a third address of the same /64")
        .isFalse();
    assertThat(limit.claim("2001:db8:1:3::1", "guess-4").allowed()).as("another /64").isTrue();
  }
}

package dev.kiln.portal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.source.SourceException.Problem;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundGuardTest {

  static final SourceProperties RULES =
      new SourceProperties(
          Path.of("m"), null, false, List.of("git.lan", "127.0.0.1"), List.of(), null);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.1.2.3",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fd00::1",
        "fc00::5",
        "::ffff:169.254.169.254",
        "224.0.0.1"
      })
  void internalAddresses(String address) throws Exception {
    assertThat(OutboundGuard.internal(InetAddress.getByName(address))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"140.82.112.3", "8.8.8.8", "2606:4700::1111", "100.128.0.1"})
  void publicAddresses(String address) throws Exception {
    assertThat(OutboundGuard.internal(InetAddress.getByName(address))).isFalse();
  }

  @Test
  void refusesInternalHostsUnlessListed() throws Exception {
    assertThatThrownBy(
            () -> OutboundGuard.check(GitUrl.parse("https://169.254.169.254/x", RULES), RULES))
        .isInstanceOfSatisfying(
            SourceException.class, e -> assertThat(e.problem()).isEqualTo(Problem.REFUSED_INPUT))
        .hasMessageContaining("internal address (169.254.169.254)")
        .hasMessageContaining("kiln.sources.allowed-internal-hosts");
    assertThatThrownBy(() -> OutboundGuard.check(GitUrl.parse("git@localhost:x", RULES), RULES))
        .hasMessageContaining("internal address");
    assertThatThrownBy(() -> OutboundGuard.check(GitUrl.parse("ssh://[::1]:22/x", RULES), RULES))
        .hasMessageContaining("internal address");
    OutboundGuard.check(GitUrl.parse("http://127.0.0.1:8080/x", RULES), RULES);
  }

  @Test
  void anUnknownHostIsSaidInWords() {
    assertThatThrownBy(
            () ->
                OutboundGuard.check(
                    GitUrl.parse("https://no-such-host.invalid/x.git", RULES), RULES))
        .isInstanceOfSatisfying(
            SourceException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_HOST))
        .hasMessage(
            "The host no-such-host.invalid is unknown: DNS has no address for it. Check the"
                + " repository address.");
  }
}

package dev.kiln.builder.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.Health;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The health check and builds against engines that answer, and engines that are down. */
@ExtendWith(DockerEngineExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineHealthTest {

  @TempDir Path folder;

  @Test
  void engineThatAnswersIsUpWithItsVersionAndImageCount(DockerEngine engine) {
    Health health = new DockerBuilder().check(new BuilderSettings(Builds.settings(engine)));

    assertThat(health.up()).isTrue();
    assertThat(health.message())
        .matches("Docker \\d+\\.\\d+\\.\\d+\\S* \\(API 1\\.\\d+\\) at unix://.*, \\d+ images?")
        .contains(engine.address());
  }

  @Test
  void socketThatDoesNotExistIsDownWithTheAddressAndTheReason() {
    String address = "unix://" + folder.resolve("missing.sock");

    Health health = checkTimed(address);

    assertThat(health.up()).isFalse();
    assertThat(health.message()).contains(address).contains("there is no socket at that path");
  }

  @Test
  void stoppedDaemonIsDownWithConnectionRefused() throws Exception {
    // What a killed dockerd leaves: the socket file, with nothing listening on it.
    Path socket = folder.resolve("stale.sock");
    try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.bind(UnixDomainSocketAddress.of(socket));
    }

    Health health = checkTimed("unix://" + socket);

    assertThat(health.up()).isFalse();
    assertThat(health.message()).contains("unix://" + socket).contains("connection refused");
  }

  @Test
  void tcpPortWhereNothingListensIsDown() throws Exception {
    String address = "tcp://127.0.0.1:" + closedPort();

    Health health = checkTimed(address);

    assertThat(health.up()).isFalse();
    assertThat(health.message()).contains(address).contains("connection refused");
  }

  @Test
  void buildOnAnEngineThatIsDownFailsSayingSo() {
    String address = "unix://" + folder.resolve("missing.sock");
    var request =
        Builds.request(
            "echo ran",
            List.of(),
            Map.of(),
            Map.of(
                DockerSettings.ENGINE, address, DockerSettings.DEFAULT_IMAGE, DockerEngine.IMAGE));

    assertThatThrownBy(() -> Builds.run(request, new TestBuildContext(folder)))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining(
            "The Docker engine at " + address + " failed while checking the image")
        .hasMessageContaining("there is no socket at that path");
  }

  @Test
  void invalidSettingsAreDownWithoutConnecting() {
    Health health =
        new DockerBuilder()
            .check(new BuilderSettings(Map.of(DockerSettings.ENGINE, "docker.example:2375")));

    assertThat(health.up()).isFalse();
    assertThat(health.message()).startsWith("The settings are not valid: ");
  }

  @Test
  void unreadableTlsMaterialIsDownWithoutShowingTheKey() throws Exception {
    String key = "-----BEGIN PRIVATE KEY-----\nTOP-SECRET-KEY-MATERIAL\n-----END PRIVATE KEY-----";
    String cert = "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----";
    BuilderSettings settings =
        new BuilderSettings(
            Map.of(
                DockerSettings.ENGINE,
                "tcp://127.0.0.1:" + closedPort(),
                DockerSettings.TLS_CA,
                cert,
                DockerSettings.TLS_CERT,
                cert,
                DockerSettings.TLS_KEY,
                "docker-key"),
            Map.of(DockerSettings.TLS_KEY, key));

    Health health = new DockerBuilder().check(settings);

    assertThat(health.up()).isFalse();
    assertThat(health.message()).contains("TLS").doesNotContain("TOP-SECRET");
  }

  @Test
  void tlsKeySecretThatCouldNotBeOpenedIsNamedAsTheProblem() throws Exception {
    String cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    BuilderSettings settings =
        new BuilderSettings(
            Map.of(
                DockerSettings.ENGINE,
                "tcp://127.0.0.1:" + closedPort(),
                DockerSettings.TLS_CA,
                cert,
                DockerSettings.TLS_CERT,
                cert,
                DockerSettings.TLS_KEY,
                "docker-key"));

    Health health = new DockerBuilder().check(settings);

    assertThat(health.up()).isFalse();
    assertThat(health.message()).contains("TLS client key").contains("could not be opened");
  }

  private static Health checkTimed(String address) {
    long start = System.nanoTime();
    Health health =
        new DockerBuilder().check(new BuilderSettings(Map.of(DockerSettings.ENGINE, address)));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    return health;
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

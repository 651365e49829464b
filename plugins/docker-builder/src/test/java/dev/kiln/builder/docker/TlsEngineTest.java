package dev.kiln.builder.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.Health;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TCP engine with {@code --tlsverify}: its own dockerd, and a CA, server and client certificate
 * made with openssl for the test. The client key reaches the builder as an opened secret.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TlsEngineTest {

  @TempDir static Path certs;
  private static DockerEngine engine;
  private static String address;

  @BeforeAll
  static void startTlsEngine() throws Exception {
    Certificates.make(certs, "ca", "server", "client");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    address = "tcp://127.0.0.1:" + port;
    engine =
        DockerEngine.start(
            Path.of("target", "dockerd-tls"),
            List.of(
                "--tlsverify",
                "--tlscacert",
                certs.resolve("ca.pem").toString(),
                "--tlscert",
                certs.resolve("server.pem").toString(),
                "--tlskey",
                certs.resolve("server.key").toString(),
                "--host",
                address),
            false);
  }

  @AfterAll
  static void stopTlsEngine() throws IOException {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void rightCertificatesGetThrough() throws Exception {
    Health health = new DockerBuilder().check(settings("ca.pem", "client.pem", "client.key"));

    assertThat(health.up()).as(health.message()).isTrue();
    assertThat(health.message()).startsWith("Docker ").contains("at " + address);
  }

  @Test
  void engineSignedByAnotherAuthorityIsRefused() throws Exception {
    Certificates.make(certs.resolve("other"), "ca");

    Health health = new DockerBuilder().check(settings("other/ca.pem", "client.pem", "client.key"));

    assertThat(health.up()).isFalse();
    assertThat(health.message()).contains(address).contains("TLS handshake failed");
  }

  @Test
  void withoutTlsTheEngineDoesNotAnswer() {
    Health health =
        new DockerBuilder().check(new BuilderSettings(Map.of(DockerSettings.ENGINE, address)));

    assertThat(health.up()).isFalse();
    assertThat(health.message()).contains(address);
  }

  private static BuilderSettings settings(String ca, String cert, String key) throws IOException {
    return new BuilderSettings(
        Map.of(
            DockerSettings.ENGINE,
            address,
            DockerSettings.TLS_CA,
            Files.readString(certs.resolve(ca)),
            DockerSettings.TLS_CERT,
            Files.readString(certs.resolve(cert)),
            DockerSettings.TLS_KEY,
            "docker-client-key"),
        Map.of(DockerSettings.TLS_KEY, Files.readString(certs.resolve(key))));
  }
}

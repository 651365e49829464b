package dev.kiln.builder.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import dev.kiln.plugin.api.BuildException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Opens Engine API clients for the instance's address and TLS material. Nothing is read from the
 * environment or from {@code ~/.docker}: the settings alone decide where Kiln connects.
 */
final class EngineConnection {

  /** How long to wait for the engine to accept a connection. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private EngineConnection() {}

  /**
   * A client for the engine.
   *
   * @param responseTimeout how long a request may wait for data, or {@code null} for as long as it
   *     takes (following a build's log, waiting for its exit)
   * @throws BuildException when the TLS material cannot be read
   */
  static DockerClient open(DockerSettings settings, Duration responseTimeout)
      throws BuildException {
    DefaultDockerClientConfig config =
        new DefaultDockerClientConfig.Builder().withDockerHost(settings.engine()).build();
    ApacheDockerHttpClient.Builder http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .maxConnections(16)
            .connectionTimeout(CONNECT_TIMEOUT);
    if (settings.tls() != null) {
      // With an SSL context the transport speaks HTTPS to the tcp:// address.
      SSLContext context = sslContext(settings.tls());
      http.sslConfig((SSLConfig) () -> context);
    }
    if (responseTimeout != null) {
      http.responseTimeout(responseTimeout);
    }
    return DockerClientImpl.getInstance(config, http.build());
  }

  /** Builds the TLS context from PEM text; messages name the field, never the key's content. */
  private static SSLContext sslContext(DockerSettings.Tls tls) throws BuildException {
    if (tls.clientKey().isBlank()) {
      throw new BuildException(
          "The secret named in the TLS client key setting could not be opened on this node.");
    }
    KeyStore trust;
    try {
      trust = PemMaterial.trustStore(tls.caCert());
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new BuildException("The TLS CA certificate is not a readable PEM certificate.", e);
    }
    KeyStore keys;
    try {
      keys = PemMaterial.keyStore(tls.clientKey(), tls.clientCert());
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      // The cause may quote the key: keep it out of the message and out of the chain.
      throw new BuildException(
          "The TLS client certificate or key is not readable PEM, or they do not belong together.");
    }
    try {
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, PemMaterial.KEY_STORE_PASSWORD);
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new BuildException(
          "Could not set up TLS with these certificates: " + e.getMessage(), e);
    }
  }
}

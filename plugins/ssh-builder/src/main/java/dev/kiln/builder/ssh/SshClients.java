package dev.kiln.builder.ssh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.PasswordIdentityProvider;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * The one MINA SSH client all builds share: MINA clients are thread-safe and meant to be shared,
 * and starting one per build would cost threads and time. Per-connection choices (the host key
 * policy) travel in each connection's context.
 */
final class SshClients {

  /** The connection-context key under which each connection carries its host key policy. */
  static final AttributeKey<HostKeyPolicy> POLICY = new AttributeKey<>();

  private static SshClient shared;

  private SshClients() {}

  /** The started client, created on first use. */
  static synchronized SshClient shared() {
    if (shared == null) {
      shared = create();
      shared.start();
    }
    return shared;
  }

  private static SshClient create() {
    SshClient client = SshClient.setUpDefaultClient();
    // Only what the instance's settings say counts: no ~/.ssh/config, no ~/.ssh keys, no passwords.
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
    client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    client.setServerKeyVerifier(
        (session, address, key) -> policyOf(session) != null && policyOf(session).verify(key));
    client.addSessionListener(new PinnedAlgorithmsFirst());
    // Builds may print nothing for an hour: no idle cut-off, but keep-alives that notice a dead
    // host
    // (4 unanswered in a row; with that count set, MINA needs no separate reply wait).
    CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
    CoreModuleProperties.NIO2_READ_TIMEOUT.set(client, Duration.ZERO);
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, Duration.ofSeconds(15));
    CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 4);
    return client;
  }

  private static HostKeyPolicy policyOf(ClientSession session) {
    var context = session.getConnectionContext();
    return context == null ? null : context.getAttribute(POLICY);
  }

  /**
   * Orders the host key algorithms of each new session so the pinned key types come first, before
   * the key exchange starts: a host has a key per type, and one negotiated in another type would be
   * refused as a changed key.
   */
  private static final class PinnedAlgorithmsFirst implements SessionListener {

    @Override
    public void sessionCreated(Session session) {
      if (!(session instanceof ClientSession client) || policyOf(client) == null) {
        return;
      }
      Set<String> preferred = policyOf(client).preferredAlgorithms();
      if (preferred.isEmpty()) {
        return;
      }
      List<NamedFactory<Signature>> ordered = new ArrayList<>(client.getSignatureFactories());
      ordered.sort(Comparator.comparing(f -> !preferred.contains(f.getName())));
      client.setSignatureFactories(ordered);
    }
  }
}

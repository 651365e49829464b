package dev.kiln.builder.ssh;

import dev.kiln.plugin.api.BuildException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.future.WaitableFuture;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * One logged-in SSH session to the builder's host: connected within the connect timeout, the host
 * key checked by a {@link HostKeyPolicy}, logged in with the client key within the login timeout.
 * Failures become {@link BuildException}s that say what happened in words.
 */
final class SshConnection implements AutoCloseable {

  private final ClientSession session;

  private SshConnection(ClientSession session) {
    this.session = session;
  }

  /**
   * Connects and logs in.
   *
   * @throws HostKeyRefused when the host's key is not the approved one, or none is approved yet
   * @throws BuildException when the host cannot be reached or refuses the login
   */
  static SshConnection open(SshSettings settings, KeyPair key, HostKeyPolicy policy)
      throws BuildException, InterruptedException {
    ConnectFuture connecting;
    try {
      connecting =
          SshClients.shared()
              .connect(
                  settings.user(),
                  settings.host(),
                  settings.port(),
                  AttributeRepository.ofKeyValuePair(SshClients.POLICY, policy),
                  null);
    } catch (IOException | RuntimeException e) {
      throw unreachable(settings, e);
    }
    if (!await(connecting, settings.connectTimeout())) {
      connecting.cancel();
      throw new BuildException(
          "No answer from "
              + settings.address()
              + " within "
              + settings.connectTimeout().toSeconds()
              + " s: the host is down, or a firewall drops the connection.");
    }
    if (connecting.getException() != null) {
      throw unreachable(settings, connecting.getException());
    }
    ClientSession session = connecting.getSession();
    try {
      session.addPublicKeyIdentity(key);
      AuthFuture auth = session.auth();
      if (!await(auth, settings.authTimeout())) {
        throw refusedOr(
            policy,
            new BuildException(
                "Logging in to "
                    + settings.address()
                    + " took longer than "
                    + settings.authTimeout().toSeconds()
                    + " s: the host is overloaded or something between drops"
                    + " packets."));
      }
      if (!auth.isSuccess()) {
        throw refusedOr(
            policy,
            new BuildException(
                settings.address()
                    + " refused the key for user "
                    + settings.user()
                    + ": add the key's public half to ~"
                    + settings.user()
                    + "/.ssh/authorized_keys on the host (and check the user name)."));
      }
      return new SshConnection(session);
    } catch (IOException e) {
      session.close(true);
      throw refusedOr(
          policy,
          new BuildException(
              "Logging in to " + settings.address() + " failed: " + e.getMessage(), e));
    } catch (BuildException | RuntimeException e) {
      session.close(true);
      throw e;
    }
  }

  /** Waits for {@code future}; MINA reports an interrupt as an InterruptedIOException. */
  private static boolean await(WaitableFuture future, Duration timeout)
      throws InterruptedException {
    try {
      return future.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException e) {
      throw new InterruptedException("interrupted while connecting");
    }
  }

  /**
   * A host-key refusal when the policy refused the key (that is why the login failed), else {@code
   * other}.
   */
  private static BuildException refusedOr(HostKeyPolicy policy, BuildException other) {
    return switch (policy.verdict()) {
      case ACCEPTED, NOT_OFFERED -> other;
      default -> new HostKeyRefused(policy);
    };
  }

  private static BuildException unreachable(SshSettings settings, Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
        return new BuildException(
            "Unknown host \""
                + settings.host()
                + "\": its name does not resolve (DNS)."
                + " Check the host setting.",
            failure);
      }
      if (cause instanceof ConnectException) {
        return new BuildException(
            settings.address()
                + " refused the connection: the host is up but nothing"
                + " listens on port "
                + settings.port()
                + " (is sshd running? is the port right?).",
            failure);
      }
      if (cause instanceof NoRouteToHostException) {
        return new BuildException(
            "No route to "
                + settings.address()
                + ": the host is down or unreachable"
                + " from this node.",
            failure);
      }
    }
    return new BuildException(
        "Could not connect to " + settings.address() + ": " + failure.getMessage(), failure);
  }

  /** The session, for channels the caller manages itself. */
  ClientSession session() {
    return session;
  }

  /** Opens an SFTP client on this session; the caller closes it. */
  SftpClient sftp() throws IOException {
    return SftpClientFactory.instance().createSftpClient(session);
  }

  /**
   * Runs a short command and collects its output.
   *
   * @throws IOException when the command cannot run or does not end within {@code timeout}
   */
  Output exec(String command, Duration timeout) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ChannelExec channel = session.createExecChannel(command)) {
      channel.setOut(out);
      channel.setErr(out);
      channel.open().verify(timeout);
      var events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
      if (!events.contains(ClientChannelEvent.CLOSED)) {
        throw new IOException(
            "the remote command did not end within " + timeout.toSeconds() + " s");
      }
      Integer status = channel.getExitStatus();
      return new Output(status == null ? -1 : status, out.toString(StandardCharsets.UTF_8));
    }
  }

  /** A finished command's exit code ({@code -1} when killed by a signal) and its merged output. */
  record Output(int exitCode, String text) {}

  @Override
  public void close() {
    session.close(false);
  }

  /** The host's key was refused: not approved yet, changed, or revoked. */
  static final class HostKeyRefused extends BuildException {

    private final transient HostKeyPolicy policy;

    HostKeyRefused(HostKeyPolicy policy) {
      super(policy.refusal());
      this.policy = policy;
    }

    HostKeyPolicy policy() {
      return policy;
    }
  }
}

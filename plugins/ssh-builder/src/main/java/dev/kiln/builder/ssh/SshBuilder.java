package dev.kiln.builder.ssh;

import dev.kiln.builder.ssh.SshConnection.HostKeyRefused;
import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.Builder;
import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.EnvironmentPolicy;
import dev.kiln.plugin.api.Health;
import dev.kiln.plugin.api.SettingProblem;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the script with bash on a remote host over SSH, as the instance's user, in a fresh folder
 * that is removed afterwards; files go there and artifacts come back with SFTP. The host's key must
 * be approved by an admin first, and only that key is accepted from then on.
 */
@Extension
public class SshBuilder implements Builder {

  private static final Logger LOG = LoggerFactory.getLogger(SshBuilder.class);
  private static final Duration CHECK_COMMAND_WAIT = Duration.ofSeconds(10);

  @Override
  public BuilderDescriptor describe() {
    return BuilderDescriptor.available(
        "ssh",
        "SSH",
        "Runs the script with bash on a remote host over SSH, as the user the admin set up, in a fresh"
            + " folder removed afterwards; files and artifacts travel with SFTP. The script can reach"
            + " whatever that host and user can.",
        SshSettingFields.all());
  }

  @Override
  public List<SettingProblem> validate(BuilderSettings settings) {
    return SshSettings.problems(settings);
  }

  /** Connects, checks the host key, logs in and asks the host what it runs. */
  @Override
  public Health check(BuilderSettings settings) {
    long start = System.nanoTime();
    try {
      SshSettings ssh = settings(settings);
      KeyPair key = ClientKey.load(ssh.privateKey(), ssh.passphrase());
      HostKeyPolicy policy = HostKeyPolicy.forHost(ssh.knownHostKey(), ssh.host(), ssh.port());
      try (SshConnection connection = SshConnection.open(ssh, key, policy)) {
        SshConnection.Output system = connection.exec("uname -srm", CHECK_COMMAND_WAIT);
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        String warning =
            LoginFiles.warning(
                LoginFiles.writable(connection.exec(LoginFiles.PROBE, CHECK_COMMAND_WAIT).text()));
        String about =
            (warning == null ? "" : "Warning: " + warning + " ")
                + "Connected as "
                + ssh.login()
                + (system.exitCode() == 0 ? " (" + system.text().strip() + ")" : "")
                + " in "
                + millis
                + " ms; ";
        if (ssh.contain() == SshSettings.Contain.OFF) {
          return Health.up(about + "build processes are not contained (switched off).");
        }
        Containment containment =
            Containment.parse(connection.exec(Containment.PROBE, CHECK_COMMAND_WAIT).text());
        if (!containment.contains() && ssh.contain() == SshSettings.Contain.REQUIRED) {
          return Health.down(
              about + "but " + containment.summary() + ", which this instance requires.");
        }
        return Health.up(about + containment.summary() + ".");
      }
    } catch (HostKeyRefused e) {
      HostKeyPolicy policy = e.policy();
      if (policy.verdict() == HostKeyPolicy.Verdict.UNAPPROVED) {
        return Health.needsApproval(
            e.getMessage(),
            new Health.SettingProposal(
                SshSettings.KNOWN_HOST_KEY, policy.proposalLine(), policy.question()));
      }
      return Health.down(e.getMessage());
    } catch (BuildException e) {
      return Health.down(e.getMessage());
    } catch (IOException e) {
      return Health.down("Logged in, but running a command failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down("The check was interrupted.");
    }
  }

  @Override
  public List<String> reapOrphans(BuilderSettings settings, Predicate<String> isLive) {
    try {
      SshSettings ssh = settings(settings);
      KeyPair key = ClientKey.load(ssh.privateKey(), ssh.passphrase());
      HostKeyPolicy policy = HostKeyPolicy.forHost(ssh.knownHostKey(), ssh.host(), ssh.port());
      try (SshConnection connection = SshConnection.open(ssh, key, policy)) {
        return OrphanReaper.reap(connection, ssh, isLive);
      }
    } catch (BuildException | IOException e) {
      LOG.warn("Could not look for leftover build folders: {}", e.getMessage());
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  @Override
  public BuildResult run(BuildRequest request, BuildContext context)
      throws BuildException, InterruptedException {
    SshSettings settings = settings(request.settings());
    // Names the login shell, bash or the loader would act on are refused before connecting.
    EnvironmentPolicy.check(request);
    KeyPair key = ClientKey.load(settings.privateKey(), settings.passphrase());
    return new RemoteBuild(request, context, settings).run(key);
  }

  private static SshSettings settings(BuilderSettings settings) throws BuildException {
    try {
      return SshSettings.of(settings);
    } catch (IllegalArgumentException e) {
      throw new BuildException("The SSH builder's settings are incomplete. " + e.getMessage());
    }
  }
}

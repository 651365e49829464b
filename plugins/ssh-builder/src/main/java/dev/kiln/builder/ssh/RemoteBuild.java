package dev.kiln.builder.ssh;

import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.KilnVariables;
import java.io.IOException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.sftp.client.SftpClient;

/**
 * One build on the remote host, from connecting to removing its folder. It asks the host how the
 * build's processes can be contained ({@link Containment}) before it creates anything there.
 * Cancellation may arrive on another thread at any point: before the script starts it keeps the
 * script from starting, after that it stops the script and then everything the build started.
 */
final class RemoteBuild {

  /** The exit code reported for a build stopped before or by SIGTERM. */
  static final int STOPPED = 128 + 15;

  private static final Duration CLEANUP_WAIT = Duration.ofSeconds(30);
  private static final Duration PROBE_WAIT = Duration.ofSeconds(20);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final BuildRequest request;
  private final BuildContext context;
  private final SshSettings settings;
  private final GatedLog log;
  private volatile boolean cancelled;
  private volatile RemoteScript script;

  RemoteBuild(BuildRequest request, BuildContext context, SshSettings settings) {
    this.request = request;
    this.context = context;
    this.settings = settings;
    this.log = new GatedLog(context.log());
  }

  /** Runs the build to its end; always removes the remote folder it created. */
  BuildResult run(KeyPair key) throws BuildException, InterruptedException {
    RemoteArtifacts artifacts = RemoteArtifacts.forPatterns(request.artifactPatterns());
    context.cancellation().onRequest(this::cancel);
    try {
      if (cancelled) {
        return BuildResult.exited(STOPPED);
      }
      HostKeyPolicy policy =
          HostKeyPolicy.forHost(settings.knownHostKey(), settings.host(), settings.port());
      try (SshConnection connection = SshConnection.open(settings, key, policy);
          SftpClient sftp = sftp(connection)) {
        HostFacts facts =
            HostFacts.ask(
                connection, settings.contain() != SshSettings.Contain.OFF, PROBE_WAIT, RANDOM);
        Containment containment = contain(facts);
        warnAboutLoginFiles(facts);
        RemoteWorkspace workspace = prepare(facts, sftp);
        try {
          return BuildResult.exited(
              runAndCollect(connection, sftp, workspace, containment, artifacts));
        } finally {
          remove(connection, workspace);
        }
      } catch (IOException e) {
        throw new BuildException(
            "The SSH session to " + settings.address() + " failed: " + e.getMessage(), e);
      }
    } finally {
      log.close();
    }
  }

  private int runAndCollect(
      SshConnection connection,
      SftpClient sftp,
      RemoteWorkspace workspace,
      Containment containment,
      RemoteArtifacts artifacts)
      throws BuildException, InterruptedException, IOException {
    RemoteScript remote =
        new RemoteScript(connection.session(), workspace, containment, log, RANDOM);
    // Published before reading the flag, while cancel() sets the flag before reading this: one of
    // the two sees the other, so a cancel is never lost between the check and the start.
    script = remote;
    if (cancelled) {
      return STOPPED;
    }
    int exit = remote.run(environment(workspace), () -> cancelled);
    reportLeftovers(remote.leftovers());
    if (!cancelled) {
      collectArtifacts(sftp, workspace, artifacts);
    }
    return exit;
  }

  /**
   * Asks the host how to contain the build, as the instance's setting allows, and says in the log
   * how it is contained or why it is not.
   *
   * @throws BuildException when containment is required and the host allows none
   */
  private Containment contain(HostFacts facts) throws BuildException {
    if (settings.contain() == SshSettings.Contain.OFF) {
      log.notice(
          "The build's processes are not contained (Contain processes is off): one that leaves the"
              + " script's process group (setsid, a daemon) can outlive the build.");
      return Containment.none("switched off");
    }
    Containment containment = Containment.parse(facts.containment());
    if (!containment.contains() && settings.contain() == SshSettings.Contain.REQUIRED) {
      throw new BuildException(
          "The build's processes cannot be contained on "
              + settings.host()
              + " ("
              + containment.reason()
              + "), and the builder instance requires it. Allow unprivileged user namespaces"
              + " on the host or install bubblewrap, or set Contain processes to \"when possible\".");
    }
    log.notice(containment.describe(settings.host()));
    return containment;
  }

  /** Warns in the log when the build could plant commands for later logins ({@link LoginFiles}). */
  private void warnAboutLoginFiles(HostFacts facts) {
    String warning = LoginFiles.warning(LoginFiles.writable(facts.loginFiles()));
    if (warning != null) {
      log.notice(warning);
    }
  }

  /**
   * Says how many processes {@code init.sh} killed after the script, as it said on the channel;
   * nothing when none, or when it did not get to say (it was killed itself, after the grace or with
   * the connection).
   */
  private void reportLeftovers(Integer killed) {
    if (killed != null && killed > 0) {
      log.notice("Killed " + killed + " leftover process" + (killed == 1 ? "" : "es") + ".");
    }
  }

  private RemoteWorkspace prepare(HostFacts facts, SftpClient sftp) throws BuildException {
    try {
      String root = WorkRoot.secure(sftp, settings.workRoot(), userId(facts));
      RemoteWorkspace workspace =
          RemoteWorkspace.create(sftp, root, request.buildId(), request.script(), RANDOM);
      List<String> skipped = workspace.upload(sftp, context.workspace());
      if (!skipped.isEmpty()) {
        log.notice("Symbolic links are not copied to the host: " + String.join(", ", skipped));
      }
      return workspace;
    } catch (IOException e) {
      throw new BuildException(
          "Could not prepare the build folder under "
              + settings.workRoot()
              + " on "
              + settings.host()
              + ": "
              + e.getMessage()
              + ". Check that the user may write there.",
          e);
    }
  }

  private int userId(HostFacts facts) throws BuildException {
    String text = facts.userId();
    if (!text.matches("[0-9]{1,10}")) {
      throw new BuildException(
          "Could not learn the remote user's id on "
              + settings.host()
              + " (id -u said: "
              + text
              + "), which Kiln needs to check the remote work folder (work-root).");
    }
    return Integer.parseUnsignedInt(text);
  }

  private void collectArtifacts(
      SftpClient sftp, RemoteWorkspace workspace, RemoteArtifacts artifacts) throws BuildException {
    if (!artifacts.any()) {
      return;
    }
    try {
      int stored =
          artifacts.collect(sftp, workspace.workspace(), context.artifacts(), () -> cancelled, log);
      log.notice(
          stored == 0
              ? "No file matched the artifact patterns."
              : "Stored " + stored + " artifact(s).");
    } catch (IOException e) {
      throw new BuildException("Could not fetch the artifacts: " + e.getMessage(), e);
    }
  }

  private Map<String, String> environment(RemoteWorkspace workspace) {
    Map<String, String> environment = new HashMap<>(request.environment());
    environment.putAll(KilnVariables.of(request));
    environment.put("KILN_WORKSPACE", workspace.workspace());
    return environment;
  }

  private void remove(SshConnection connection, RemoteWorkspace workspace) {
    try {
      RemoteScript started = script;
      SshConnection.Output output =
          connection.exec(
              workspace.removeCommand(started == null ? null : started.group()), CLEANUP_WAIT);
      if (output.exitCode() != 0) {
        log.notice(
            "Could not remove " + workspace.dir() + " on the host: " + output.text().strip());
      }
    } catch (IOException | RuntimeException e) {
      log.notice(
          "Could not remove "
              + workspace.dir()
              + " on the host ("
              + e.getMessage()
              + "); it is removed when Kiln next reaps orphans.");
    }
  }

  private void cancel() {
    cancelled = true;
    RemoteScript running = script;
    if (running != null) {
      running.stop();
    }
  }

  private static SftpClient sftp(SshConnection connection) throws BuildException {
    try {
      return connection.sftp();
    } catch (IOException e) {
      throw new BuildException(
          "The host does not offer SFTP, which the SSH builder needs to copy files"
              + " (enable the sftp subsystem in sshd_config): "
              + e.getMessage(),
          e);
    }
  }
}

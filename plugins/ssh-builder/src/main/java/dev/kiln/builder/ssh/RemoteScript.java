package dev.kiln.builder.ssh;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.LogSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * The build script running on the remote host. sshd starts each command in a session of its own
 * (OpenSSH calls setsid for it), so the login shell's pid is a fresh process group id; the shell
 * records it in the build folder and then becomes {@code init.sh} (in the build's PID namespace when
 * the host allows one, see {@link Containment}), which runs the script and, once it has ended, kills
 * every process it left. The channel's input stays open while the build runs: a line {@code TERM}
 * on it asks the script to stop, and its end (Kiln gone, the connection broken) kills the build at
 * once. Output is passed to the log line by line as it arrives.
 */
final class RemoteScript {

  /** On cancel, the script gets SIGTERM, then everything SIGKILL after this long. */
  static final Duration GRACE = Duration.ofSeconds(5);
  /** How long to wait for the output to end once the script has exited. */
  private static final Duration DRAIN = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Set<ClientChannelEvent> ENDED =
      EnumSet.of(ClientChannelEvent.EXIT_STATUS, ClientChannelEvent.EXIT_SIGNAL, ClientChannelEvent.CLOSED);

  private final ClientSession session;
  private final RemoteWorkspace workspace;
  private final Containment containment;
  private final LogSink log;
  private ChannelExec running;
  private boolean stopping;

  RemoteScript(ClientSession session, RemoteWorkspace workspace, Containment containment, LogSink log) {
    this.session = session;
    this.workspace = workspace;
    this.containment = containment;
    this.log = log;
  }

  /**
   * The command line that starts the build: the login shell records its pid as the group id, gives
   * up if cancellation came first, and replaces itself with {@code init.sh}, contained as the host
   * allows, the variables set with {@code env} (sshd's AcceptEnv is not relied on). {@code env} comes
   * first, so the values are in no long-lived process's command line.
   */
  static String command(RemoteWorkspace workspace, Map<String, String> environment, Containment containment) {
    StringBuilder command = new StringBuilder()
        .append("cd ").append(Shell.quote(workspace.workspace()))
        .append(" && echo $$ > ").append(Shell.quote(workspace.dir() + "/pgid"))
        .append(" && [ ! -e ").append(Shell.quote(workspace.dir() + "/cancel")).append(" ]")
        .append(" && exec env");
    new TreeMap<>(environment).forEach((name, value) -> command.append(' ').append(Shell.quote(name + "=" + value)));
    return command.append(' ').append(containment.prefix()).append("bash --noprofile --norc -p ")
        .append(Shell.quote(workspace.init())).append(' ').append(containment.initMode())
        .append(' ').append(Shell.quote(workspace.script())).append(' ').append(Shell.quote(workspace.leftovers()))
        .toString();
  }

  /**
   * The shell command that backs up a stop: marks the build cancelled (so a script not started yet
   * never starts), waits for the build's process group to end, and sends it SIGKILL once the grace
   * is over; in a namespace that ends every process of the build.
   */
  static String cancelCommand(RemoteWorkspace workspace) {
    long ticks = GRACE.toMillis() / 200;
    return ": > " + Shell.quote(workspace.dir() + "/cancel")
        + "; i=0; while [ $i -lt " + ticks + " ] && { " + workspace.signalGroupCommand("0") + "; }; do"
        + " sleep 0.2; i=$((i+1)); done; " + workspace.signalGroupCommand("KILL") + "; exit 0";
  }

  /**
   * Runs the script to its end and returns its exit code (128 + the signal's number when a signal
   * ended it).
   *
   * @param stopped tells whether cancellation was requested, so waiting stops once the grace is over
   * @throws BuildException when the connection is lost before the script's end is known
   */
  int run(Map<String, String> environment, BooleanSupplier stopped)
      throws BuildException, InterruptedException {
    LineOutputStream out = new LineOutputStream(log::line);
    LineOutputStream err = new LineOutputStream(log::line);
    try (ChannelExec channel = session.createExecChannel(command(workspace, environment, containment))) {
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(Duration.ofSeconds(30));
      started(channel);
      long stopDeadline = Long.MAX_VALUE;
      while (channel.waitFor(ENDED, POLL).stream().noneMatch(ENDED::contains)) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("interrupted while the script ran");
        }
        if (stopped.getAsBoolean() && stopDeadline == Long.MAX_VALUE) {
          stopDeadline = System.nanoTime() + GRACE.plus(DRAIN).toNanos();
        }
        if (System.nanoTime() - stopDeadline > 0) {
          log.notice("The remote script did not end after it was stopped; the connection was closed.");
          return 128 + 9;
        }
      }
      drain(channel);
      return exitCode(channel, stopped.getAsBoolean());
    } catch (IOException e) {
      if (stopped.getAsBoolean()) {
        return 128 + 15;
      }
      throw new BuildException("The connection to the host failed while the script ran: " + e.getMessage(), e);
    } finally {
      out.close();
      err.close();
    }
  }

  /**
   * Waits for the rest of the output once the script has exited. Background processes it left may
   * hold the output open: they are killed with the group, and one that left the group is given up on.
   */
  private void drain(ChannelExec channel) {
    if (channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofMillis(500)).contains(ClientChannelEvent.CLOSED)) {
      return;
    }
    fireAndForget(workspace.signalGroupCommand("KILL"));
    if (!channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), DRAIN).contains(ClientChannelEvent.CLOSED)) {
      log.notice("A process the script started outside its process group still holds the output open;"
          + " its further output is not shown.");
    }
  }

  private static int exitCode(ChannelExec channel, boolean stopped) throws BuildException {
    Integer status = channel.getExitStatus();
    if (status != null) {
      return status;
    }
    String signal = channel.getExitSignal();
    if (signal != null) {
      return 128 + signalNumber(signal);
    }
    if (stopped) {
      return 128 + 15;
    }
    throw new BuildException("The connection to the host was lost before the script's exit code was known.");
  }

  private static int signalNumber(String name) {
    return switch (name) {
      case "HUP" -> 1;
      case "INT" -> 2;
      case "QUIT" -> 3;
      case "ABRT" -> 6;
      case "KILL" -> 9;
      case "SEGV" -> 11;
      case "PIPE" -> 13;
      case "ALRM" -> 14;
      default -> 15;
    };
  }

  /**
   * Stops the script: asks {@code init.sh} over the channel to send it SIGTERM, and runs {@link
   * #cancelCommand} on a second channel, without waiting for either.
   */
  void stop() {
    synchronized (this) {
      stopping = true;
      if (running != null) {
        askToStop();
      }
    }
    fireAndForget(cancelCommand(workspace));
  }

  private synchronized void started(ChannelExec channel) {
    running = channel;
    if (stopping) {
      askToStop();
    }
  }

  private void askToStop() {
    try {
      OutputStream in = running.getInvertedIn();
      in.write("TERM\n".getBytes(StandardCharsets.US_ASCII));
      in.flush();
    } catch (IOException e) {
      // The channel is gone, which kills the build; else the cancel command's SIGKILL follows.
    }
  }

  private void fireAndForget(String command) {
    try {
      ChannelExec channel = session.createExecChannel(command);
      channel.setOut(OutputStream.nullOutputStream());
      channel.setErr(OutputStream.nullOutputStream());
      channel.open().addListener(opened -> {
        if (!opened.isOpened()) {
          channel.close(true);
        }
      });
    } catch (IOException e) {
      // The session is gone: the script dies with nothing to write to, the reaper removes the rest.
    }
  }
}

package dev.kiln.builder.ssh;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.LogSink;
import dev.kiln.plugin.support.LineSplitter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * The build script running on the remote host. sshd starts each command in a session of its own
 * (OpenSSH calls setsid for it), so the login shell's pid is a fresh process group id; the shell
 * reports it on the channel ({@link InitChannel}) and then becomes {@code init.sh} (in the build's
 * PID namespace when the host allows one, see {@link Containment}), which runs the script and, once
 * it has ended, kills every process it left. The channel's input stays open while the build runs: a
 * line {@code TERM} on it asks the script to stop, and its end (Kiln gone, the connection broken)
 * kills the build at once. Output is passed to the log line by line as it arrives.
 */
final class RemoteScript {

  /** On cancel, the script gets SIGTERM, then everything SIGKILL after this long. */
  static final Duration GRACE = Duration.ofSeconds(5);

  /** How long to wait for the output to end once the script has exited. */
  private static final Duration DRAIN = Duration.ofSeconds(5);

  private static final Duration POLL = Duration.ofMillis(250);
  private static final Set<ClientChannelEvent> ENDED =
      EnumSet.of(
          ClientChannelEvent.EXIT_STATUS,
          ClientChannelEvent.EXIT_SIGNAL,
          ClientChannelEvent.CLOSED);

  private final ClientSession session;
  private final RemoteWorkspace workspace;
  private final Containment containment;
  private final LogSink log;
  private final InitChannel init;
  private ChannelExec running;
  private boolean stopping;
  private Backup backedUp = Backup.NONE;

  /** How far {@link #backUpStop} went. */
  private enum Backup {
    NONE,
    MARK_ONLY,
    WITH_GROUP
  }

  RemoteScript(
      ClientSession session,
      RemoteWorkspace workspace,
      Containment containment,
      LogSink log,
      RandomGenerator random) {
    this.session = session;
    this.workspace = workspace;
    this.containment = containment;
    this.log = log;
    this.init = new InitChannel(random);
  }

  /**
   * The shell command that backs up a stop: marks the build cancelled (so a script not started yet
   * never starts), waits for the build's process group to end, and sends it SIGKILL once the grace
   * is over; in a namespace that ends every process of the build. Without the group only the mark.
   */
  static String cancelCommand(RemoteWorkspace workspace, ProcessGroup group) {
    String mark = "mkdir " + Shell.quote(workspace.cancelMark()) + " 2>/dev/null";
    if (group == null) {
      return mark + "; exit 0";
    }
    long ticks = GRACE.toMillis() / 200;
    return mark
        + "; i=0; while [ $i -lt "
        + ticks
        + " ] && { "
        + group.signalCommand("0", workspace.script())
        + "; }; do sleep 0.2; i=$((i+1)); done; "
        + group.signalCommand("KILL", workspace.script())
        + "; exit 0";
  }

  /**
   * Runs the script to its end and returns its exit code (128 + the signal's number when a signal
   * ended it).
   *
   * @param stopped tells whether cancellation was requested, so waiting stops once the grace is
   *     over
   * @throws BuildException when the connection is lost before the script's end is known
   */
  int run(Map<String, String> environment, BooleanSupplier stopped)
      throws BuildException, InterruptedException {
    byte[] preamble = init.preamble(environment);
    LineSplitter out = new LineSplitter(init.filter(log::line));
    LineSplitter err = new LineSplitter(log::line);
    try (ChannelExec channel =
        session.createExecChannel(init.startCommand(workspace, containment))) {
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(Duration.ofSeconds(30));
      started(channel, preamble);
      long stopDeadline = Long.MAX_VALUE;
      while (channel.waitFor(ENDED, POLL).stream().noneMatch(ENDED::contains)) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("interrupted while the script ran");
        }
        backUpStop();
        if (stopped.getAsBoolean() && stopDeadline == Long.MAX_VALUE) {
          stopDeadline = System.nanoTime() + GRACE.plus(DRAIN).toNanos();
        }
        if (System.nanoTime() - stopDeadline > 0) {
          log.notice(
              "The remote script did not end after it was stopped; the connection was closed.");
          return 128 + 9;
        }
      }
      drain(channel);
      return RemoteExit.code(channel, stopped.getAsBoolean());
    } catch (IOException e) {
      if (stopped.getAsBoolean()) {
        return 128 + 15;
      }
      throw new BuildException(
          "The connection to the host failed while the script ran: " + e.getMessage(), e);
    } finally {
      out.close();
      err.close();
    }
  }

  /**
   * Waits for the rest of the output once the script has exited. Background processes it left may
   * hold the output open: they are killed with the group, and one that left the group is given up
   * on.
   */
  private void drain(ChannelExec channel) {
    if (channel
        .waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofMillis(500))
        .contains(ClientChannelEvent.CLOSED)) {
      return;
    }
    ProcessGroup group = init.group();
    if (group != null) {
      fireAndForget(group.signalCommand("KILL", workspace.script()));
    }
    if (!channel
        .waitFor(EnumSet.of(ClientChannelEvent.CLOSED), DRAIN)
        .contains(ClientChannelEvent.CLOSED)) {
      log.notice(
          "A process the script started outside its process group still holds the output open;"
              + " its further output is not shown.");
    }
  }

  /**
   * Stops the script: asks {@code init.sh} over the channel to send it SIGTERM, and runs {@link
   * #cancelCommand} on a second channel, without waiting for either.
   */
  void stop() {
    synchronized (this) {
      stopping = true;
      if (running != null) {
        send("TERM\n".getBytes(StandardCharsets.US_ASCII));
      }
    }
    backUpStop();
  }

  /** The script's process group, once the host has reported it; else null. */
  ProcessGroup group() {
    return init.group();
  }

  /** How many leftover processes {@code init.sh} killed; null when it did not get to say. */
  Integer leftovers() {
    return init.leftovers();
  }

  /**
   * Runs {@link #cancelCommand} once stopping: with the process group if it is known by then, else
   * the mark alone and again, with the group, when the host reports it.
   */
  private void backUpStop() {
    ProcessGroup group;
    synchronized (this) {
      group = init.group();
      if (!stopping
          || backedUp == Backup.WITH_GROUP
          || (backedUp == Backup.MARK_ONLY && group == null)) {
        return;
      }
      backedUp = group == null ? Backup.MARK_ONLY : Backup.WITH_GROUP;
    }
    fireAndForget(cancelCommand(workspace, group));
  }

  private synchronized void started(ChannelExec channel, byte[] preamble) {
    running = channel;
    send(preamble);
    if (stopping) {
      send("TERM\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  private void send(byte[] bytes) {
    try {
      OutputStream in = running.getInvertedIn();
      in.write(bytes);
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
      channel
          .open()
          .addListener(
              opened -> {
                if (!opened.isOpened()) {
                  channel.close(true);
                }
              });
    } catch (IOException e) {
      // The session is gone: the script dies with nothing to write to, the reaper removes the rest.
    }
  }
}

package dev.kiln.builder.ssh;

import dev.kiln.plugin.api.BuildException;
import org.apache.sshd.client.channel.ChannelExec;

/**
 * The exit code of a remote command as a shell reports it: 128 + the signal's number when a signal
 * ended it.
 */
final class RemoteExit {

  private RemoteExit() {}

  /** The exit code the channel reported; SIGTERM's when stopped and none came. */
  static int code(ChannelExec channel, boolean stopped) throws BuildException {
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
    throw new BuildException(
        "The connection to the host was lost before the script's exit code was known.");
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
}

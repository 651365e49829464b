package dev.kiln.builder.ssh;

import dev.kiln.plugin.api.BuildException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * What Kiln and the build's first processes on the host tell each other over the channel, apart
 * from the script's output. Going in: a secret token, then the build's variables, so no value is
 * ever in a command line (which every user of the host can read in {@code ps}). Coming out, on
 * standard output: the login shell's process group, on a line starting with a mark that is printed
 * before the script starts (so the script cannot print it first), and at the end the number of
 * leftover processes {@code init.sh} killed, on a line starting with the token, which the build
 * never sees.
 */
final class InitChannel {

  private final String mark;
  private final String token;
  private volatile boolean groupReported;
  private volatile ProcessGroup group;
  private volatile Integer leftovers;

  InitChannel(RandomGenerator random) {
    this.mark = "kiln-group-" + hex(random, 8);
    this.token = hex(random, 16);
  }

  /**
   * The command line that starts the build: the login shell reports its pid as the group id, gives
   * up if cancellation came first, and replaces itself with {@code init.sh}, contained as the host
   * allows. The build's variables travel on the channel, never here.
   */
  String startCommand(RemoteWorkspace workspace, Containment containment) {
    return "cd "
        + Shell.quote(workspace.workspace())
        + " && echo "
        + mark
        + " $$"
        + " && [ ! -e "
        + Shell.quote(workspace.cancelMark())
        + " ]"
        + " && exec "
        + containment.prefix()
        + "bash --noprofile --norc -p "
        + Shell.quote(workspace.init())
        + " "
        + containment.initMode()
        + " "
        + Shell.quote(workspace.script());
  }

  /**
   * The first bytes for {@code init.sh}'s standard input: the token, then each variable, NUL-ended.
   */
  byte[] preamble(Map<String, String> environment) throws BuildException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((token + "\n").getBytes(StandardCharsets.US_ASCII));
    for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
      String pair = variable.getKey() + "=" + variable.getValue();
      if (pair.indexOf('\0') >= 0) {
        throw new BuildException(
            "The variable "
                + variable.getKey()
                + " contains a NUL character, which a"
                + " process's environment cannot hold.");
      }
      out.writeBytes(pair.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    out.write(0);
    return out.toByteArray();
  }

  /**
   * Passes each line of standard output on to {@code log}, keeping back the lines that are Kiln's.
   * {@code init.sh} starts its line with a newline, in case the script's output did not end with
   * one: the empty line that makes when it did is held back until it is known not to be that.
   */
  Consumer<String> filter(Consumer<String> log) {
    String groupPrefix = mark + " ";
    String leftoversPrefix = token + " leftovers ";
    boolean[] heldEmpty = {false};
    return line -> {
      if (!groupReported && line.startsWith(groupPrefix)) {
        // Only the first such line counts: it comes from the login shell, before the script starts.
        groupReported = true;
        group = ProcessGroup.parse(line.substring(groupPrefix.length())).orElse(null);
        return;
      }
      if (line.startsWith(leftoversPrefix)) {
        String count = line.substring(leftoversPrefix.length());
        leftovers = count.matches("[0-9]{1,9}") ? Integer.valueOf(count) : null;
        heldEmpty[0] = false;
        return;
      }
      if (heldEmpty[0]) {
        log.accept("");
      }
      heldEmpty[0] = line.isEmpty();
      if (!line.isEmpty()) {
        log.accept(line);
      }
    };
  }

  /** The script's process group, once the login shell has reported it; else null. */
  ProcessGroup group() {
    return group;
  }

  /** How many leftover processes {@code init.sh} killed; null when it did not get to say. */
  Integer leftovers() {
    return leftovers;
  }

  private static String hex(RandomGenerator random, int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    return HexFormat.of().formatHex(value);
  }
}

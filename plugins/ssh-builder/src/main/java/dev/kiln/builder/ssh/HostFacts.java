package dev.kiln.builder.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * What a build needs to know of the host before it starts: how its processes can be contained
 * ({@link Containment#PROBE}), which login files the user may write ({@link LoginFiles#PROBE}) and
 * the user's id. Asked in one command, since each command the host's login shell starts costs a
 * round trip. Each answer is read from its own section, between lines of a random mark, so what a
 * login file prints cannot pass for another section's answer without guessing it.
 *
 * @param containment what the containment probe printed; empty when it was not asked
 * @param loginFiles what the login-file probe printed
 * @param userId what {@code id -u} printed
 */
record HostFacts(String containment, String loginFiles, String userId) {

  /** Asks the host; the containment probe only when {@code askContainment}. */
  static HostFacts ask(
      SshConnection connection, boolean askContainment, Duration wait, RandomGenerator random)
      throws IOException {
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    String mark = "kiln-facts-" + HexFormat.of().formatHex(bytes);
    return parse(connection.exec(command(askContainment, mark), wait).text(), mark);
  }

  /**
   * The one command: each probe in a subshell of its own, so one's {@code exit} or {@code cd} stays
   * there.
   */
  static String command(boolean askContainment, String mark) {
    return String.join(
        "\n",
        askContainment ? "(\n" + Containment.PROBE + "\n)" : ":",
        "echo " + mark,
        "(\n" + LoginFiles.PROBE + "\n)",
        "echo " + mark,
        "id -u");
  }

  /** Splits the answer at the mark's lines; a section that is missing reads as empty. */
  static HostFacts parse(String output, String mark) {
    List<String> sections =
        List.of(
            Pattern.compile("^" + Pattern.quote(mark) + "$", Pattern.MULTILINE).split(output, -1));
    if (sections.size() != 3) {
      return new HostFacts("", "", "");
    }
    return new HostFacts(sections.get(0).strip(), sections.get(1).strip(), sections.get(2).strip());
  }
}

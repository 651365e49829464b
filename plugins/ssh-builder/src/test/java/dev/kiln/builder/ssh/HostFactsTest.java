package dev.kiln.builder.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The host's facts, asked in one command and read section by section. */
class HostFactsTest {

  private static final String MARK = "kiln-facts-0123456789abcdef";

  @ParameterizedTest
  @ValueSource(strings = {"/bin/sh", "/bin/bash"})
  void oneCommandAnswersAllThreeInTheShellsAHostMayHave(String shell) throws Exception {
    Process process = new ProcessBuilder(shell, "-c", HostFacts.command(true, MARK)).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    HostFacts facts = HostFacts.parse(output, MARK);

    assertThat(facts.containment()).as(output).contains("use=");
    assertThat(String.valueOf(Containment.parse(facts.containment()).reason()))
        .as(output)
        .doesNotContain("not understood");
    Process id = new ProcessBuilder("id", "-u").start();
    assertThat(facts.userId())
        .isEqualTo(new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
  }

  @Test
  void withoutContainmentTheProbeIsNotRun() {
    assertThat(HostFacts.command(false, MARK)).doesNotContain(Containment.PROBE);
  }

  @Test
  void whatALoginFilePrintsBeforeStaysInTheFirstSection() {
    HostFacts facts =
        HostFacts.parse(
            "Welcome!\nuse=UNSHARE /usr/bin/unshare\n"
                + MARK
                + "\n.bashrc\n.profile\n"
                + MARK
                + "\n1000\n",
            MARK);

    assertThat(facts.containment()).isEqualTo("Welcome!\nuse=UNSHARE /usr/bin/unshare");
    assertThat(LoginFiles.writable(facts.loginFiles())).containsExactly(".bashrc", ".profile");
    assertThat(facts.userId()).isEqualTo("1000");
  }

  @Test
  void anAnswerWithoutItsSectionsTellsNothing() {
    assertThat(HostFacts.parse("1000\n", MARK)).isEqualTo(new HostFacts("", "", ""));
    assertThat(HostFacts.parse("a\n" + MARK + "\nb\n" + MARK + "\nc\n" + MARK + "\nd\n", MARK))
        .isEqualTo(new HostFacts("", "", ""));
  }
}

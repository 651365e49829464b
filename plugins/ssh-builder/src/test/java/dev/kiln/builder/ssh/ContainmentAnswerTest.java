package dev.kiln.builder.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The host's answer to the containment probe is taken only in the form the probe prints. */
class ContainmentAnswerTest {

  @Test
  void takesTheProbesAnswer() {
    Containment containment =
        Containment.parse("root=yes\nuse=UNSHARE_WITH_PROC /usr/bin/unshare\n");

    assertThat(containment.kind()).isEqualTo(Containment.Kind.UNSHARE_WITH_PROC);
    assertThat(containment.program()).isEqualTo("/usr/bin/unshare");
    assertThat(containment.root()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "use=SOMETHING /bin/x",
        "use=BWRAP",
        "use=BWRAP relative/bwrap",
        "use=",
        "garbage"
      })
  void anythingElseMeansNotContainedAndSaysWhy(String answer) {
    Containment containment = Containment.parse(answer);

    assertThat(containment.contains()).isFalse();
    assertThat(containment.reason()).startsWith("the host's answer was not understood: ");
  }
}

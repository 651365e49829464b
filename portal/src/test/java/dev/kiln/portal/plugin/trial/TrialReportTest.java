package dev.kiln.portal.plugin.trial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.api.BuilderDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The trial JVM's report survives names and messages that try to break its lines, and noise around
 * it.
 */
class TrialReportTest {

  @Test
  void whatTheTrialWritesIsReadBackWhateverTheNamesHold() {
    var bytes = new ByteArrayOutputStream();
    var writer = new TrialReport.Writer(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    writer.started();
    writer.builder(
        BuilderDescriptor.available(
            "tricky", "two\nlines\tand a \\ kiln-trial\tend", "", List.of()));
    writer.refused("reason with\r\nbreaks");
    writer.heap(134_217_728);
    writer.end();

    String output =
        "OpenJDK warning: something\n"
            + bytes.toString(StandardCharsets.UTF_8)
            + "kiln-trial\trefused\tlater";
    TrialReport report = TrialReport.parse(output);
    assertThat(report.started()).isTrue();
    assertThat(report.ended()).isTrue();
    assertThat(report.builders())
        .containsExactly(
            new TrialReport.Described("tricky", "two\nlines\tand a \\ kiln-trial\tend", List.of()));
    assertThat(report.refusal())
        .as("lines after the end are ignored")
        .isEqualTo("reason with\r\nbreaks");
    assertThat(report.maxHeap()).isEqualTo(134_217_728);
  }

  @Test
  void theJvmsOwnOutOfMemoryLineIsRecognisedAndGarbageIgnored() {
    TrialReport report =
        TrialReport.parse(
            "kiln-trial\tstarted\nkiln-trial\theap\tlots\nkiln-trial\n\u0000\u00ff\n"
                + "Terminating due to java.lang.OutOfMemoryError: Java heap space\n");
    assertThat(report.started()).isTrue();
    assertThat(report.ended()).isFalse();
    assertThat(report.maxHeap()).isZero();
    assertThat(report.memoryError()).isEqualTo("Java heap space");
  }
}

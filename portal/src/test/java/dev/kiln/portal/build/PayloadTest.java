package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.build.BuildEvents.AccessChanged;
import dev.kiln.portal.build.BuildEvents.LogGrew;
import dev.kiln.portal.build.BuildEvents.StateChanged;
import org.junit.jupiter.api.Test;

class PayloadTest {

  @Test
  void eachChangeTravelsWithItsNodeWhoseNameMayHoldSpaces() {
    for (var change :
        new BuildEvents.Change[] {
          new LogGrew(17), new StateChanged(BuildState.SUCCEEDED), new AccessChanged(7)
        }) {
      String text = Payload.of(42, change, "node a  with spaces");
      assertThat(Payload.parse(text)).isEqualTo(new Payload(42, change, "node a  with spaces"));
    }
    assertThat(Payload.of(42, new LogGrew(17), "node-a")).isEqualTo("42 LOG 17 node-a");
  }

  @Test
  void textNotMadeByKilnIsRefused() {
    for (String text :
        new String[] {"", "42", "42 LOG", "42 LOG x node", "42 PAINT 1 node", "node-a 42 LOG"}) {
      assertThatThrownBy(() -> Payload.parse(text))
          .as(text)
          .isInstanceOfAny(IllegalArgumentException.class, IndexOutOfBoundsException.class);
    }
  }
}

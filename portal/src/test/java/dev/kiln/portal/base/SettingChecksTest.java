package dev.kiln.portal.base;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.FieldType;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingChecksTest {

  private static final SettingField PORT =
      SettingField.optional("port", "Port", FieldType.NUMBER, "22", "").withRange(1, 65535);

  @Test
  void aNumberOutsideItsRangeIsRefusedNamingTheFieldAndTheRange() {
    for (String bad : List.of("0", "65536", "-1", " 70000 ", "999999999999999999")) {
      assertThat(SettingChecks.problem(PORT, bad))
          .as(bad)
          .hasValue("Port must be a whole number from 1 to 65535.");
    }
    assertThat(SettingChecks.problem(PORT, "1")).isEmpty();
    assertThat(SettingChecks.problem(PORT, " 65535 ")).isEmpty();
  }

  @Test
  void aValueThatIsNoNumberIsRefusedAsBefore() {
    for (String bad : List.of("soon", "1.5", "1e3", "0x10", "+1", "9999999999999999999")) {
      assertThat(SettingChecks.problem(PORT, bad)).as(bad).hasValue("Port must be a whole number.");
    }
  }

  @Test
  void oneSidedRangesSayWhichSide() {
    SettingField memory =
        SettingField.optional("m", "Memory", FieldType.NUMBER, null, "")
            .withRange(6, Long.MAX_VALUE);
    SettingField offset =
        SettingField.optional("o", "Offset", FieldType.NUMBER, null, "")
            .withRange(Long.MIN_VALUE, 0);
    assertThat(SettingChecks.problem(memory, "5"))
        .hasValue("Memory must be a whole number of at least 6.");
    assertThat(SettingChecks.problem(offset, "1"))
        .hasValue("Offset must be a whole number of at most 0.");
    assertThat(SettingChecks.problem(memory, "999999999999999999")).isEmpty();
  }

  @Test
  void aNumberWithoutRangeTakesAnyWholeNumberAndOtherTypesKeepTheirRules() {
    SettingField any = SettingField.optional("n", "N", FieldType.NUMBER, null, "");
    assertThat(SettingChecks.problem(any, "-123456789012345678")).isEmpty();
    SettingField pick = SettingField.choice("c", "Network", List.of("bridge", "none"), "");
    assertThat(SettingChecks.problem(pick, "host"))
        .hasValue("Network must be one of bridge, none.");
    SettingField on = SettingField.optional("b", "On", FieldType.BOOLEAN, null, "");
    assertThat(SettingChecks.problem(on, "yes")).hasValue("On must be true or false.");
    assertThat(SettingChecks.problem(on, "true")).isEmpty();
  }
}

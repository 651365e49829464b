package dev.kiln.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuilderSettingsTest {

  private static final BuilderSettings SETTINGS =
      BuilderSettings.of(
          Map.of(
              "port", " 2222 ",
              "negative", "-3",
              "big", "3000000000",
              "word", "soon",
              "blank", "  ",
              "on", "true",
              "off", "false",
              "yes", "yes"));

  @Test
  void numbersReadAsNumbersAndAbsentOnesAsEmpty() {
    assertThat(SETTINGS.getInt("port")).hasValue(2222);
    assertThat(SETTINGS.getInt("negative")).hasValue(-3);
    assertThat(SETTINGS.getLong("big")).hasValue(3_000_000_000L);
    assertThat(SETTINGS.getInt("missing")).isEmpty();
    assertThat(SETTINGS.getInt("blank")).isEmpty();
    assertThat(SETTINGS.getLong("missing")).isEmpty();
  }

  @Test
  void aValueThatIsNoNumberIsRefusedNamingItsKey() {
    assertThatThrownBy(() -> SETTINGS.getInt("word"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Setting word: \"soon\" is not a whole number.");
    assertThatThrownBy(() -> SETTINGS.getInt("big"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Setting big: 3000000000 is not a whole number from -2147483648 to 2147483647.");
  }

  @Test
  void switchesReadAsBooleans() {
    assertThat(SETTINGS.getBoolean("on")).hasValue(true);
    assertThat(SETTINGS.getBoolean("off")).hasValue(false);
    assertThat(SETTINGS.getBoolean("missing")).isEmpty();
    assertThatThrownBy(() -> SETTINGS.getBoolean("yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Setting yes: \"yes\" is neither true nor false.");
  }

  @Test
  void durationsReadInTheFieldsUnit() {
    assertThat(SETTINGS.getDuration("port", ChronoUnit.MILLIS)).hasValue(Duration.ofMillis(2222));
    assertThat(SETTINGS.getDuration("port", ChronoUnit.SECONDS)).hasValue(Duration.ofSeconds(2222));
    assertThat(SETTINGS.getDuration("missing", ChronoUnit.SECONDS)).isEmpty();
    assertThatThrownBy(() -> SETTINGS.getDuration("word", ChronoUnit.SECONDS))
        .hasMessageContaining("Setting word");
    BuilderSettings forever = BuilderSettings.of(Map.of("days", String.valueOf(Long.MAX_VALUE)));
    assertThatThrownBy(() -> forever.getDuration("days", ChronoUnit.DAYS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Setting days: " + Long.MAX_VALUE + " Days is too long.");
  }

  @Test
  void theFactoryGivesNoSecretsAndTheStringNeverShowsThem() {
    assertThat(SETTINGS.secrets()).isEmpty();
    BuilderSettings opened = SETTINGS.withSecrets(Map.of("token", "s3cr3t"));
    assertThat(opened.secret("token")).hasValue("s3cr3t");
    assertThat(opened.toString()).contains("token").doesNotContain("s3cr3t");
  }
}

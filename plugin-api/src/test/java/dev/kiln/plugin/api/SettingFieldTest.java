package dev.kiln.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.plugin.api.SettingField.FieldType;
import dev.kiln.plugin.api.SettingField.Range;
import dev.kiln.plugin.api.SettingField.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingFieldTest {

  private static final SettingField PORT =
      SettingField.optional("port", "Port", FieldType.NUMBER, "22", "Its SSH port.");

  @Test
  void aNumberFieldTakesARangeThatSurvivesTheOtherWithers() {
    SettingField field = PORT.withRange(1, 65535).forInstance();

    assertThat(field.range()).isEqualTo(new Range(1, 65535));
    assertThat(field.scope()).isEqualTo(Scope.INSTANCE);
    assertThat(field.range().contains(1)).isTrue();
    assertThat(field.range().contains(65535)).isTrue();
    assertThat(field.range().contains(0)).isFalse();
    assertThat(field.range().contains(65536)).isFalse();
  }

  @Test
  void fieldsMadeAsInOlderVersionsHaveNoRange() {
    assertThat(PORT.range()).isNull();
    assertThat(
            new SettingField("k", "K", FieldType.NUMBER, false, null, "", List.of(), Scope.INSTANCE)
                .range())
        .isNull();
  }

  @Test
  void onlyANumberHasARangeAndARangeHoldsAValue() {
    SettingField text = SettingField.optional("image", "Image", FieldType.TEXT, null, "");
    assertThatThrownBy(() -> text.withRange(1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("only a NUMBER field has a range: image");
    assertThatThrownBy(() -> PORT.withRange(5, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an empty range: 5 > 4");
  }

  @Test
  void requestsAndDescriptorsAreMadeWithFactoriesThatSurviveNewComponents() {
    BuildRequest request =
        BuildRequest.of("7", "demo", "make", Duration.ofMinutes(5))
            .withArtifactPatterns(List.of("dist/*"))
            .withEnvironment(Map.of("A", "1"))
            .withSettings(BuilderSettings.of(Map.of("port", "22")))
            .withParameters(Map.of("A", "1"));

    assertThat(request)
        .isEqualTo(
            new BuildRequest(
                "7",
                "demo",
                "make",
                List.of("dist/*"),
                Map.of("A", "1"),
                Duration.ofMinutes(5),
                BuilderSettings.of(Map.of("port", "22")),
                Map.of("A", "1")));
    BuilderDescriptor off = BuilderDescriptor.unavailable("x", "X", "", List.of(), "no tool");
    assertThat(off.isAvailable()).isFalse();
    assertThat(off.unavailableReason()).isEqualTo("no tool");
  }
}

package dev.kiln.portal.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.Builder;
import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.FieldType;
import dev.kiln.plugin.api.SettingField.Scope;
import dev.kiln.plugin.api.SettingProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schema's rules hold before a builder sees a value: a builder need not parse or re-check. */
class SettingsValidatorTest {

  /** A builder that trusts its schema and remembers every value it was asked to validate. */
  private static final class TrustingBuilder implements Builder {
    final List<BuilderSettings> seen = new ArrayList<>();

    @Override
    public BuilderDescriptor describe() {
      return BuilderDescriptor.available(
          "trusting",
          "Trusting",
          "",
          List.of(
              SettingField.optional("port", "Port", FieldType.NUMBER, "22", "")
                  .withRange(1, 65535)
                  .forInstance(),
              SettingField.optional("retries", "Retries", FieldType.NUMBER, "0", "")
                  .withRange(0, 5)));
    }

    @Override
    public List<SettingProblem> validate(BuilderSettings settings) {
      seen.add(settings);
      return List.of();
    }

    @Override
    public BuildResult run(BuildRequest request, BuildContext context) {
      return BuildResult.exited(0);
    }
  }

  private final TrustingBuilder builder = new TrustingBuilder();
  private final BuilderEntry entry = new BuilderEntry("p", "1", builder.describe(), null, builder);

  @Test
  void aNumberOutsideItsRangeIsRefusedForItsFieldAndTheBuilderNeverSeesIt() {
    assertThat(SettingsValidator.problems(entry, Scope.INSTANCE, Map.of("port", "70000"), Map.of()))
        .containsExactly(Map.entry("port", "Port must be a whole number from 1 to 65535."));
    assertThat(SettingsValidator.problems(entry, Scope.PROJECT, Map.of("retries", "6"), Map.of()))
        .containsExactly(Map.entry("retries", "Retries must be a whole number from 0 to 5."));
    assertThat(SettingsValidator.problems(entry, Map.of("port", "0", "retries", "-1")))
        .containsOnlyKeys("port", "retries");
    assertThat(builder.seen).isEmpty();
  }

  @Test
  void aNumberInItsRangeReachesTheBuilderWhichReadsItTyped() {
    assertThat(SettingsValidator.problems(entry, Map.of("port", " 2222 ", "retries", "5")))
        .isEmpty();
    assertThat(builder.seen).singleElement();
    assertThat(builder.seen.getFirst().getInt("port")).hasValue(2222);
    assertThat(builder.seen.getFirst().getInt("retries")).hasValue(5);
  }
}

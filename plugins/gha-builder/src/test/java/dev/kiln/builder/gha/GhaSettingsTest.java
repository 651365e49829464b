package dev.kiln.builder.gha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.SettingProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Settings a user may give, and the messages for those the builder cannot use. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GhaSettingsTest {

  private final GitHubActionsBuilder builder = new GitHubActionsBuilder();

  @Test
  void acceptsGoodValuesAndAbsentOnes() {
    assertThat(builder.validate(BuilderSettings.empty())).isEmpty();
    assertThat(
            builder.validate(
                new BuilderSettings(
                    Map.of(
                        GhaSettings.API_URL, "https://ghe.example.com/api/v3/",
                        GhaSettings.REPOSITORY, "octo-org/wheels.py",
                        GhaSettings.WORKFLOW, "kiln.yaml",
                        GhaSettings.REF, "release/1.2",
                        GhaSettings.POLL_SECONDS, "5",
                        GhaSettings.START_WITHIN_SECONDS, "3600",
                        GhaSettings.INPUTS, "python=3.13\n# comment\n\nchannel=\n"))))
        .isEmpty();
    assertThat(builder.validate(new BuilderSettings(Map.of(GhaSettings.WORKFLOW, "161335"))))
        .isEmpty();
  }

  @Test
  void rejectsEachBadValueWithAMessageForItsField() {
    Map<String, String> bad =
        Map.of(
            GhaSettings.API_URL, "ftp://api.github.com",
            GhaSettings.REPOSITORY, "wheels",
            GhaSettings.WORKFLOW, "kiln",
            GhaSettings.REF, "my branch",
            GhaSettings.REF_OVERRIDE, "-x",
            GhaSettings.POLL_SECONDS, "0",
            GhaSettings.START_WITHIN_SECONDS, "9999",
            GhaSettings.INPUTS, "novalue");

    List<SettingProblem> problems = builder.validate(new BuilderSettings(bad));

    assertThat(problems)
        .extracting(SettingProblem::key)
        .containsExactlyInAnyOrderElementsOf(bad.keySet());
    assertThat(problems).allSatisfy(p -> assertThat(p.message()).isNotBlank());
  }

  @Test
  void inputLinesNameTheLineAndTheMistake() {
    assertThat(InputLines.problems("ok=1\nno equals\n1bad=x\nkiln_run_key=mine\nok=2"))
        .containsExactly(
            "Line 2: write key=value.",
            "Line 3: an input name starts with a letter or _ and holds only letters, digits, - and _.",
            "Line 4: kiln_run_key is set by Kiln itself.",
            "Line 5: ok is given twice.");
  }

  @Test
  void inputsAreParsedInOrderWithValuesHoldingEquals() {
    assertThat(InputLines.parse(" a = 1 \n\n# x=y\nb=c=d\ne=\n"))
        .containsExactly(Map.entry("a", "1"), Map.entry("b", "c=d"), Map.entry("e", ""));
  }

  @Test
  void defaultsApplyAndTheProjectsRefWins() {
    GhaSettings settings =
        GhaSettings.of(
            new BuilderSettings(
                Map.of(GhaSettings.REPOSITORY, "org/wheels", GhaSettings.REF_OVERRIDE, "release"),
                Map.of(GhaSettings.TOKEN, "secret-value")));

    assertThat(settings.apiBase()).hasToString("https://api.github.com");
    assertThat(settings.workflow()).isEqualTo("kiln.yml");
    assertThat(settings.ref()).isEqualTo("release");
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.startWithin()).isEqualTo(Duration.ofSeconds(120));
    assertThat(settings.toString()).doesNotContain("secret-value");
  }

  @Test
  void runKeyCarriesTheBuildIdEvenWithDashes() {
    String key = RunKey.create("42");

    assertThat(key).matches("kiln-42-[0-9a-f]{12}");
    assertThat(RunKey.create("42")).isNotEqualTo(key);
    assertThat(RunKey.buildIdIn("Kiln build 42 [" + key + "]")).contains("42");
    assertThat(RunKey.buildIdIn("[" + RunKey.create("a-b-c") + "]")).contains("a-b-c");
    assertThat(RunKey.buildIdIn("Nightly release")).isEmpty();
    assertThat(RunKey.buildIdIn(null)).isEmpty();
  }
}

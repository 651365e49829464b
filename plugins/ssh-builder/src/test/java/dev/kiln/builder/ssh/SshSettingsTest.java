package dev.kiln.builder.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.SettingProblem;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings are read with their defaults, and bad values are named by field. */
class SshSettingsTest {

  private static final Map<String, String> MINIMAL =
      Map.of(
          SshSettings.HOST,
          "build-1.example",
          SshSettings.USER,
          "build",
          SshSettings.PRIVATE_KEY,
          "build-key");

  @Test
  void defaultsApplyWhenOnlyTheRequiredFieldsAreGiven() {
    SshSettings settings =
        SshSettings.of(new BuilderSettings(MINIMAL, Map.of(SshSettings.PRIVATE_KEY, "key text")));

    assertThat(settings.port()).isEqualTo(22);
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.authTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(settings.workRoot()).isEqualTo("kiln-builds");
    assertThat(settings.knownHostKey()).isEmpty();
    assertThat(settings.privateKey()).isEqualTo("key text");
    assertThat(settings.passphrase()).isNull();
  }

  @Test
  void badValuesAreNamedByTheirField() {
    assertThat(problemKey(SshSettings.HOST, "user@host")).isEqualTo(SshSettings.HOST);
    assertThat(problemKey(SshSettings.PORT, "70000")).isEqualTo(SshSettings.PORT);
    assertThat(problemKey(SshSettings.USER, "bad user")).isEqualTo(SshSettings.USER);
    assertThat(problemKey(SshSettings.CONNECT_TIMEOUT, "0")).isEqualTo(SshSettings.CONNECT_TIMEOUT);
    assertThat(problemKey(SshSettings.AUTH_TIMEOUT, "abc")).isEqualTo(SshSettings.AUTH_TIMEOUT);
    assertThat(problemKey(SshSettings.WORK_ROOT, "/")).isEqualTo(SshSettings.WORK_ROOT);
    assertThat(problemKey(SshSettings.WORK_ROOT, "~/builds")).isEqualTo(SshSettings.WORK_ROOT);
    assertThat(problemKey(SshSettings.WORK_ROOT, "/tmp/../etc")).isEqualTo(SshSettings.WORK_ROOT);
    assertThat(problemKey(SshSettings.KNOWN_HOST_KEY, "not a key"))
        .isEqualTo(SshSettings.KNOWN_HOST_KEY);
  }

  @Test
  void validSettingsHaveNoProblems() {
    Map<String, String> values = new HashMap<>(MINIMAL);
    values.put(SshSettings.PORT, "2222");
    values.put(SshSettings.WORK_ROOT, "kiln-builds/");
    assertThat(new SshBuilder().validate(new BuilderSettings(values))).isEmpty();
    assertThat(SshSettings.of(new BuilderSettings(values)).workRoot()).isEqualTo("kiln-builds");
  }

  private static String problemKey(String key, String value) {
    Map<String, String> values = new HashMap<>(MINIMAL);
    values.put(key, value);
    var problems = new SshBuilder().validate(new BuilderSettings(values));
    assertThat(problems).as(key + "=" + value).hasSize(1);
    assertThat(problems.getFirst().message()).isNotBlank();
    return problems.stream().map(SettingProblem::key).findFirst().orElseThrow();
  }
}

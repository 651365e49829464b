package dev.kiln.builder.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.FieldType;
import dev.kiln.plugin.api.SettingField.Scope;
import dev.kiln.plugin.api.SettingProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsValidationTest {

  private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

  @Test
  void goodSettingsHaveNoProblems() {
    assertThat(problems(Map.of())).isEmpty();
    assertThat(
            problems(
                Map.of(
                    DockerSettings.ENGINE,
                    "unix:///run/user/1000/docker.sock",
                    DockerSettings.CPUS,
                    "1.5",
                    DockerSettings.MEMORY,
                    "2048",
                    DockerSettings.IMAGE,
                    "registry.example:5000/team/build-image:1.2")))
        .isEmpty();
    assertThat(
            problems(
                Map.of(
                    DockerSettings.ENGINE,
                    "tcp://build-1.example:2376",
                    DockerSettings.TLS_CA,
                    PEM,
                    DockerSettings.TLS_CERT,
                    PEM,
                    DockerSettings.TLS_KEY,
                    "docker-key")))
        .isEmpty();
    assertThat(problems(Map.of(DockerSettings.IMAGE, "debian@sha256:" + "a".repeat(64)))).isEmpty();
    assertThat(
            problems(
                Map.of(
                    DockerSettings.IMAGE,
                    "localhost:5000/x",
                    DockerSettings.DEFAULT_IMAGE,
                    "Registry.Example/team/x:1.0")))
        .isEmpty();
  }

  @Test
  void engineAddressMustBeAUnixSocketPathOrTcpHostAndPort() {
    for (String bad :
        List.of(
            "docker.example:2375",
            "unix://relative.sock",
            "tcp://host",
            "http://host:2375",
            "tcp://host:99999",
            "unix:///with space")) {
      assertThat(keys(Map.of(DockerSettings.ENGINE, bad)))
          .as(bad)
          .containsExactly(DockerSettings.ENGINE);
    }
  }

  @Test
  void tlsNeedsTcpAndAllThreeParts() {
    assertThat(keys(Map.of(DockerSettings.TLS_CA, PEM))).containsExactly(DockerSettings.TLS_CA);
    assertThat(
            keys(
                Map.of(
                    DockerSettings.ENGINE,
                    "tcp://h:2376",
                    DockerSettings.TLS_CA,
                    PEM,
                    DockerSettings.TLS_CERT,
                    PEM)))
        .containsExactly(DockerSettings.TLS_KEY);
    assertThat(
            keys(
                Map.of(
                    DockerSettings.ENGINE,
                    "tcp://h:2376",
                    DockerSettings.TLS_CA,
                    "not pem",
                    DockerSettings.TLS_CERT,
                    PEM,
                    DockerSettings.TLS_KEY,
                    "k")))
        .containsExactly(DockerSettings.TLS_CA);
  }

  @Test
  void limitsMustBePositiveNumbers() {
    for (String bad : List.of("0", "-1", "abc", "1.2345", "1,5")) {
      assertThat(keys(Map.of(DockerSettings.CPUS, bad)))
          .as(bad)
          .containsExactly(DockerSettings.CPUS);
    }
    for (String bad : List.of("0", "5", "-64", "1.5", "lots")) {
      assertThat(keys(Map.of(DockerSettings.MEMORY, bad)))
          .as(bad)
          .containsExactly(DockerSettings.MEMORY);
    }
  }

  @Test
  void imageMustBeAnImageName() {
    for (String bad :
        List.of(
            "Debian Bookworm", "UPPER/case", "debian:", "team//image", "image:tag@sha256:short")) {
      assertThat(keys(Map.of(DockerSettings.IMAGE, bad)))
          .as(bad)
          .containsExactly(DockerSettings.IMAGE);
    }
    assertThat(keys(Map.of(DockerSettings.DEFAULT_IMAGE, "UPPER/case")))
        .containsExactly(DockerSettings.DEFAULT_IMAGE);
  }

  @Test
  void projectImageWinsOverTheInstanceDefaultWhichWinsOverDebian() {
    assertThat(
            DockerSettings.from(
                    new BuilderSettings(
                        Map.of(DockerSettings.IMAGE, "a:1", DockerSettings.DEFAULT_IMAGE, "b:1")))
                .image())
        .isEqualTo("a:1");
    assertThat(
            DockerSettings.from(new BuilderSettings(Map.of(DockerSettings.DEFAULT_IMAGE, "b:1")))
                .image())
        .isEqualTo("b:1");
    assertThat(DockerSettings.from(BuilderSettings.empty()).image()).isEqualTo("debian:bookworm");
  }

  @Test
  void describesItselfAsAvailableWithInstanceAndProjectFields() {
    BuilderDescriptor descriptor = new DockerBuilder().describe();

    assertThat(descriptor.id()).isEqualTo("docker");
    assertThat(descriptor.isAvailable()).isTrue();
    assertThat(descriptor.settings())
        .filteredOn(f -> f.scope() == Scope.PROJECT)
        .extracting(SettingField::key)
        .containsExactly(DockerSettings.IMAGE, DockerSettings.PULL);
    assertThat(descriptor.settings())
        .filteredOn(f -> f.scope() == Scope.INSTANCE)
        .extracting(SettingField::key)
        .containsExactly(
            DockerSettings.ENGINE,
            DockerSettings.TLS_CA,
            DockerSettings.TLS_CERT,
            DockerSettings.TLS_KEY,
            DockerSettings.CPUS,
            DockerSettings.MEMORY,
            DockerSettings.NETWORK,
            DockerSettings.DEFAULT_IMAGE);
    assertThat(field(descriptor, DockerSettings.TLS_KEY).type()).isEqualTo(FieldType.SECRET_REF);
    assertThat(field(descriptor, DockerSettings.TLS_CERT).type()).isEqualTo(FieldType.MULTILINE);
    assertThat(field(descriptor, DockerSettings.NETWORK).choices())
        .containsExactly("bridge", "none", "host");
    assertThat(field(descriptor, DockerSettings.PULL).choices())
        .containsExactly("if-missing", "always", "never");
  }

  @Test
  void tlsMaterialNeverShowsInToString() {
    BuilderSettings settings =
        new BuilderSettings(
            Map.of(
                DockerSettings.ENGINE,
                "tcp://h:2376",
                DockerSettings.TLS_CA,
                PEM,
                DockerSettings.TLS_CERT,
                PEM,
                DockerSettings.TLS_KEY,
                "key-name"),
            Map.of(DockerSettings.TLS_KEY, "SECRET-KEY"));

    assertThat(DockerSettings.from(settings).toString()).doesNotContain("SECRET-KEY");
  }

  private static SettingField field(BuilderDescriptor descriptor, String key) {
    return descriptor.settings().stream()
        .filter(f -> f.key().equals(key))
        .findFirst()
        .orElseThrow();
  }

  private static List<SettingProblem> problems(Map<String, String> values) {
    return new DockerBuilder().validate(new BuilderSettings(values));
  }

  private static List<String> keys(Map<String, String> values) {
    List<SettingProblem> problems = problems(values);
    assertThat(problems).allSatisfy(p -> assertThat(p.message()).isNotBlank());
    return problems.stream().map(SettingProblem::key).toList();
  }
}

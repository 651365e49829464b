package dev.kiln.portal.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/** The host names to builders every file of Kiln's that its settings point at, wherever it lies. */
class PrivatePathsTest {

  @TempDir Path dir;

  @Test
  void namesKilnsFoldersItsKeysWhereverTheyAreTheDatabasePasswordAndItsConfigurationFiles() throws IOException {
    Path data = dir.resolve("data");
    Path keys = dir.resolve("elsewhere/keys");
    Path configuration = Files.createDirectories(dir.resolve("config")).resolve("application.yml");
    Files.writeString(configuration, "kiln:\n  node:\n    name: from-a-file\n");
    var environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("settings", Map.of(
        "kiln.data-dir", data.toString(),
        "kiln.secrets.public-key-file", keys.resolve("public.json").toString(),
        "kiln.secrets.private-key-file", keys.resolve("private.json").toString(),
        "kiln.database.embedded-dir", data.resolve("postgres").toString(),
        "kiln.storage.local-dir", data.resolve("storage").toString(),
        "kiln.builds.work-dir", "/var/kiln-work",
        "kiln.plugins.dir", data.resolve("plugins") + "/../plugins",
        "logging.file.name", "")));
    new YamlPropertySourceLoader().load("Config resource 'file [" + configuration + "]'",
        new FileSystemResource(configuration)).forEach(environment.getPropertySources()::addLast);

    Set<Path> paths = PrivatePaths.of(environment, List.of(Path.of("/srv/tokens")));

    assertThat(paths).containsExactlyInAnyOrder(data, keys.resolve("public.json"), keys.resolve("private.json"),
        data.resolve("postgres"), data.resolve("postgres.password"), data.resolve("storage"),
        Path.of("/var/kiln-work"), data.resolve("plugins"), configuration, Path.of("/srv/tokens"));
  }

  /**
   * Every file or folder setting of Kiln's is hidden from builds, so a setting added later cannot be
   * forgotten: each {@code Path} in a {@code kiln.*} settings record must be in {@link
   * PrivatePaths#SETTINGS}, but for the sandbox's own extra folders, which builds are meant to see.
   */
  @Test
  void everyPathSettingOfKilnsIsAmongThePrivateOnes() throws ClassNotFoundException {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
    List<String> pathSettings = new ArrayList<>();
    for (var candidate : scanner.findCandidateComponents("dev.kiln.portal")) {
      Class<?> type = Class.forName(candidate.getBeanClassName());
      String prefix = type.getAnnotation(ConfigurationProperties.class).value();
      for (RecordComponent component : type.getRecordComponents()) {
        if (component.getType() == Path.class) {
          pathSettings.add(prefix + "." + component.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
        }
      }
    }

    assertThat(pathSettings).contains("kiln.secrets.private-key-file", "kiln.builds.work-dir");
    assertThat(PrivatePaths.SETTINGS).containsAll(pathSettings);
  }

  @Test
  void relativeSettingsAreResolvedAgainstTheFolderKilnStartedIn() {
    var environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("settings", Map.of("kiln.data-dir",
        "./kiln-data")));

    assertThat(PrivatePaths.of(environment, List.of()))
        .containsExactly(Path.of("").toAbsolutePath().resolve("kiln-data"));
  }
}

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
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
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
  void namesKilnsFoldersItsKeysWhereverTheyAreTheDatabasePasswordAndItsConfigurationFiles()
      throws IOException {
    Path data = dir.resolve("data");
    Path keys = dir.resolve("elsewhere/keys");
    Path configuration = Files.createDirectories(dir.resolve("config")).resolve("application.yml");
    Files.writeString(configuration, "kiln:\n  node:\n    name: from-a-file\n");
    var environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "settings",
                Map.of(
                    "kiln.data-dir", data.toString(),
                    "kiln.secrets.public-key-file", keys.resolve("public.json").toString(),
                    "kiln.secrets.private-key-file", keys.resolve("private.json").toString(),
                    "kiln.database.embedded-dir", data.resolve("postgres").toString(),
                    "kiln.storage.local-dir", data.resolve("storage").toString(),
                    "kiln.builds.work-dir", "/var/kiln-work",
                    "kiln.plugins.dir", data.resolve("plugins") + "/../plugins",
                    "logging.file.name", "")));
    new YamlPropertySourceLoader()
        .load(
            "Config resource 'file [" + configuration + "]'", new FileSystemResource(configuration))
        .forEach(environment.getPropertySources()::addLast);

    Set<Path> paths = PrivatePaths.of(environment, List.of(Path.of("/srv/tokens")));

    assertThat(paths)
        .containsExactlyInAnyOrder(
            data,
            keys.resolve("public.json"),
            keys.resolve("private.json"),
            data.resolve("postgres"),
            data.resolve("postgres.password"),
            data.resolve("storage"),
            Path.of("/var/kiln-work"),
            data.resolve("plugins"),
            configuration,
            Path.of("/srv/tokens"));
  }

  /**
   * Every file or folder setting of Kiln's is hidden from builds, so a setting added later cannot
   * be forgotten: each {@code Path} in a {@code kiln.*} settings record must be in {@link
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
          pathSettings.add(
              prefix
                  + "."
                  + component.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
        }
      }
    }

    assertThat(pathSettings).contains("kiln.secrets.private-key-file", "kiln.builds.work-dir");
    assertThat(PrivatePaths.SETTINGS).containsAll(pathSettings);
  }

  /**
   * Key material and configuration wherever an admin put it, read by Spring's own start-up: a TLS
   * key store and PEM private key, SSL bundles, a config tree of secrets, an imported file and an
   * extra config location. Each is private without Kiln knowing its key; public material (a trust
   * store, a certificate) and classpath locations are not.
   */
  @Test
  void namesEveryKeyFileAndEveryConfigurationSourceSpringReadAtStartUp() throws IOException {
    Path tls = Files.createDirectories(dir.resolve("tls"));
    Path keyStore = Files.writeString(tls.resolve("server.p12"), "not really a key store");
    Path privateKey = Files.writeString(tls.resolve("server.key"), "-----BEGIN PRIVATE KEY-----");
    Path bundleKey = Files.writeString(tls.resolve("bundle.key"), "-----BEGIN PRIVATE KEY-----");
    Path bundleStore = Files.writeString(tls.resolve("bundle.jks"), "jks");
    Path trustStore = Files.writeString(tls.resolve("trust.jks"), "public");
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Path dbPassword =
        Files.writeString(secrets.resolve("spring.datasource.password"), "from-a-config-tree");
    Path s3Secret = Files.writeString(secrets.resolve("kiln.storage.s3.secret-key"), "s3-secret");
    Path imported =
        Files.writeString(dir.resolve("imported.yml"), "kiln:\n  node:\n    name: imported\n");
    Path extraFolder = Files.createDirectories(dir.resolve("extra"));
    Path extra =
        Files.writeString(
            extraFolder.resolve("application.yml"), "kiln:\n  builds:\n    runner-threads: 3\n");

    Set<Path> paths;
    try (var context =
        new SpringApplicationBuilder(Object.class)
            .web(WebApplicationType.NONE)
            .bannerMode(Banner.Mode.OFF)
            .logStartupInfo(false)
            .run(
                "--spring.config.import=optional:configtree:" + secrets + "/,file:" + imported,
                "--spring.config.additional-location=optional:file:" + extraFolder + "/",
                "--server.ssl.key-store=" + keyStore,
                "--server.ssl.certificate-private-key=file:" + privateKey,
                "--server.ssl.trust-store=" + trustStore,
                "--spring.ssl.bundle.pem.web.keystore.private-key=" + bundleKey,
                "--spring.ssl.bundle.jks.other.keystore.location=file:" + bundleStore,
                "--spring.ssl.bundle.jks.other.keystore.password=changeit",
                "--spring.ssl.bundle.jks.other.truststore.location=classpath:trust.jks")) {
      assertThat(context.getEnvironment().getProperty("kiln.node.name"))
          .as("the import was read")
          .isEqualTo("imported");
      assertThat(context.getEnvironment().getProperty("spring.datasource.password"))
          .isEqualTo("from-a-config-tree");
      paths = PrivatePaths.of(context.getEnvironment(), List.of());
    }

    assertThat(paths)
        .contains(
            keyStore,
            privateKey,
            bundleKey,
            bundleStore,
            dbPassword,
            s3Secret,
            secrets,
            imported,
            extraFolder,
            extra);
    assertThat(paths).doesNotContain(trustStore, Path.of("/"));
  }

  @Test
  void relativeSettingsAreResolvedAgainstTheFolderKilnStartedIn() {
    var environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("settings", Map.of("kiln.data-dir", "./kiln-data")));

    assertThat(PrivatePaths.of(environment, List.of()))
        .containsExactly(Path.of("").toAbsolutePath().resolve("kiln-data"));
  }
}

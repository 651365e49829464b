package dev.kiln.portal.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.api.Builder;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.Health;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads the plugin jars the build produced, and jars that are broken in the ways admins meet. */
public class PluginHostTest {

  /** Where the build copies the shipped plugins (Maven's generate-resources phase). */
  static final Path SHIPPED = Path.of("target/classes/kiln-plugins");

  @TempDir Path dir;

  @Test
  void everyShippedPluginJarProvidesItsBuilder() throws IOException {
    List<Path> jars = shipped();
    assertThat(jars).hasSize(4);
    PluginHost host = new PluginHost(jars, dir, true);

    assertThat(host.failures()).isEmpty();
    assertThat(host.builders())
        .extracting(BuilderEntry::id)
        .containsExactlyInAnyOrder("local", "docker", "ssh", "github-actions");
    assertThat(host.builder("local")).hasValueSatisfying(b -> assertThat(b.isAvailable()).isTrue());
    for (String id : List.of("docker", "ssh", "github-actions")) {
      assertThat(host.builder(id))
          .as(id)
          .hasValueSatisfying(b -> assertThat(b.isAvailable()).isTrue());
    }
    host.stop();
  }

  /**
   * The shipped builders bring their own libraries (MINA SSHD, docker-java, Jackson); their checks,
   * called as the portal calls them, answer in words instead of failing on a class the portal also
   * has (MINA loads classes through the thread's context class loader).
   */
  @Test
  void shippedBuildersCheckWithTheirOwnLibraries() throws IOException {
    PluginHost host = new PluginHost(shipped(), dir, true);
    try {
      String key =
          "-----BEGIN OPENSSH PRIVATE KEY-----\nnot a key\n-----END OPENSSH PRIVATE KEY-----\n";
      Health ssh =
          host.builder("ssh")
              .orElseThrow()
              .builder()
              .check(
                  new BuilderSettings(
                      Map.of(
                          "host", "127.0.0.1", "port", "1", "user", "nobody", "private-key", "KEY"),
                      Map.of("private-key", key)));
      Health docker =
          host.builder("docker")
              .orElseThrow()
              .builder()
              .check(
                  new BuilderSettings(Map.of("engine", "unix://" + dir.resolve("no-such.sock"))));
      Health gha =
          host.builder("github-actions")
              .orElseThrow()
              .builder()
              .check(
                  new BuilderSettings(
                      Map.of(
                          "api-url",
                          "http://127.0.0.1:1",
                          "repository",
                          "org/wheels",
                          "token",
                          "TOKEN"),
                      Map.of("token", "not-a-token")));
      for (Health health : List.of(ssh, docker, gha)) {
        assertThat(health.up()).isFalse();
        assertThat(health.message())
            .doesNotContain("ClassCast", "Initializer", "NoClassDefFound")
            .isNotBlank();
      }
    } finally {
      host.stop();
    }
  }

  @Test
  void localBuilderIsOffWhenNotEnabled() throws IOException {
    PluginHost host = new PluginHost(shipped(), dir, false);
    assertThat(host.builder("local").orElseThrow().unavailableReason())
        .isEqualTo(BuilderEntries.LOCAL_BUILDER_OFF);
    host.stop();
  }

  @Test
  void brokenJarsAreReportedAndTheOthersStillLoad() throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.writeString(plugins.resolve("a-text-file.jar"), "this is not a jar");
    writeJar(plugins.resolve("b-plain-library.jar"), new Manifest(), out -> {});
    writeJar(
        plugins.resolve("c-bundles-the-api.jar"),
        manifestOf(localJar()),
        out -> {
          copyEntries(localJar(), out);
          copyApiClasses(out);
        });
    Manifest future = manifestOf(localJar());
    future.getMainAttributes().putValue("Plugin-Id", "from-the-future");
    future.getMainAttributes().putValue("Plugin-Requires", ">=2.0.0");
    writeJar(plugins.resolve("d-needs-api-2.jar"), future, out -> copyEntries(localJar(), out));

    PluginHost host = new PluginHost(shipped(), plugins, true);

    assertThat(host.builders()).extracting(BuilderEntry::id).contains("local", "docker");
    assertThat(host.failures())
        .extracting(PluginFailure::source)
        .containsExactlyInAnyOrder(
            "a-text-file.jar", "b-plain-library.jar", "c-bundles-the-api.jar", "d-needs-api-2.jar");
    assertThat(reason(host, "d-needs-api-2.jar"))
        .contains("needs Kiln plugin API >=2.0.0", "offers " + PluginHost.API_VERSION)
        .matches("(?s).*offers 1\\.[4-9]\\.\\d.*");
    assertThat(reason(host, "c-bundles-the-api.jar"))
        .contains(
            "bundles the Kiln plugin API", "declare kiln-plugin-api as a provided dependency");
    host.stop();
  }

  @Test
  void aPluginBundlingTheApiIsRefusedWithTheFix() throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Manifest manifest = manifestOf(localJar());
    manifest.getMainAttributes().putValue("Plugin-Id", "bundles-api");
    writeJar(
        plugins.resolve("bundles-api.jar"),
        manifest,
        out -> {
          copyEntries(localJar(), out);
          copyApiClasses(out);
        });
    PluginHost host = new PluginHost(List.of(), plugins, true);
    assertThat(host.builders()).isEmpty();
    assertThat(reason(host, "bundles-api.jar"))
        .contains("bundles the Kiln plugin API", "provided dependency");
    host.stop();
  }

  private static String reason(PluginHost host, String source) {
    return host.failures().stream()
        .filter(f -> f.source().equals(source))
        .findFirst()
        .orElseThrow()
        .reason();
  }

  /** The plugin jars Kiln ships, as the build left them; the trial's tests try them too. */
  public static List<Path> shipped() throws IOException {
    try (Stream<Path> jars = Files.list(SHIPPED)) {
      return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }

  private static Path localJar() throws IOException {
    return shipped().stream()
        .filter(p -> p.getFileName().toString().contains("local"))
        .findFirst()
        .orElseThrow();
  }

  private static Manifest manifestOf(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return new Manifest(file.getManifest());
    }
  }

  private static void copyEntries(Path jar, JarOutputStream out) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
        if (entry.isDirectory() || entry.getName().equals(JarFile.MANIFEST_NAME)) {
          continue;
        }
        out.putNextEntry(new JarEntry(entry.getName()));
        try (InputStream in = file.getInputStream(entry)) {
          in.transferTo(out);
        }
      }
    }
  }

  /** Adds the plugin API's classes, as a plugin that wrongly bundles it would. */
  private static void copyApiClasses(JarOutputStream out) throws IOException {
    Path api;
    try {
      api = Path.of(Builder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    if (Files.isDirectory(api)) {
      try (Stream<Path> files = Files.walk(api)) {
        for (Path file :
            (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
          out.putNextEntry(new JarEntry(api.relativize(file).toString().replace('\\', '/')));
          Files.copy(file, out);
        }
      }
    } else {
      try (JarFile file = new JarFile(api.toFile())) {
        for (JarEntry entry :
            (Iterable<JarEntry>)
                file.stream().filter(e -> e.getName().endsWith(".class"))::iterator) {
          out.putNextEntry(new JarEntry(entry.getName()));
          try (InputStream in = file.getInputStream(entry)) {
            in.transferTo(out);
          }
        }
      }
    }
  }

  private static void writeJar(Path path, Manifest manifest, IoConsumer<JarOutputStream> content)
      throws IOException {
    manifest.getMainAttributes().putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream file = Files.newOutputStream(path);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      content.accept(out);
    }
  }

  interface IoConsumer<T> {
    void accept(T value) throws IOException;
  }
}

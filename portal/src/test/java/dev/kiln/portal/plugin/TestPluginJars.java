package dev.kiln.portal.plugin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * Builds small plugin jars inside a test, the way a plugin author's build would: compiles the given
 * sources against the plugin API (pf4j's annotation processor writes the extension index) and packs
 * them with a pf4j manifest. For plugins that misbehave on purpose.
 */
public final class TestPluginJars {

  private final Map<String, String> sources;
  private final Manifest manifest = new Manifest();

  private TestPluginJars(String pluginId, Map<String, String> sources) {
    this.sources = Map.copyOf(sources);
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Plugin-Id", pluginId);
    main.putValue("Plugin-Version", "1.0.0");
    main.putValue("Plugin-Requires", ">=1.0.0 & <2.0.0");
    main.putValue("Plugin-Provider", "Kiln tests");
  }

  /**
   * A plugin with this id made of these sources, keyed by fully qualified class name. Mark builder
   * classes with {@code @org.pf4j.Extension}.
   */
  public static TestPluginJars plugin(String pluginId, Map<String, String> sources) {
    return new TestPluginJars(pluginId, sources);
  }

  /**
   * Sets or removes (with {@code null}) a manifest attribute, for example {@code Plugin-Requires}.
   */
  public TestPluginJars manifest(String name, String value) {
    if (value == null) {
      manifest.getMainAttributes().remove(new Attributes.Name(name));
    } else {
      manifest.getMainAttributes().putValue(name, value);
    }
    return this;
  }

  /** A copy of the manifest the jar gets, for tests that pack a jar of their own. */
  public Manifest manifest() {
    return new Manifest(manifest);
  }

  /**
   * Compiles the sources and writes the jar to {@code jar}; fails with javac's messages if they do
   * not compile.
   */
  public Path writeTo(Path jar) throws IOException {
    Path work = Files.createTempDirectory("kiln-test-plugin");
    Path src = Files.createDirectories(work.resolve("src"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    List<String> files = new ArrayList<>();
    for (var source : sources.entrySet()) {
      Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      files.add(file.toString());
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                classes.toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                "--release",
                "21",
                "-proc:full",
                "-nowarn"));
    args.addAll(files);
    var errors = new ByteArrayOutputStream();
    int code =
        ToolProvider.getSystemJavaCompiler().run(null, errors, errors, args.toArray(String[]::new));
    if (code != 0) {
      throw new IllegalArgumentException(
          "the test plugin does not compile:\n" + errors.toString(StandardCharsets.UTF_8));
    }
    Files.createDirectories(jar.toAbsolutePath().getParent());
    try (OutputStream file = Files.newOutputStream(jar);
        var out = new JarOutputStream(file, manifest);
        Stream<Path> compiled = Files.walk(classes)) {
      for (Path path : (Iterable<Path>) compiled.filter(Files::isRegularFile).sorted()::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, out);
      }
    }
    return jar;
  }
}

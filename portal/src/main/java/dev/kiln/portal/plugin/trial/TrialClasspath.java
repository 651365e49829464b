package dev.kiln.portal.plugin.trial;

import dev.kiln.portal.plugin.PluginClassLoading;
import dev.kiln.portal.plugin.PluginRefusedException;
import dev.kiln.portal.plugin.PluginStarter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The classes the trial JVM runs with, and nothing more of Kiln: PF4J, SLF4J's API, the plugin API,
 * and the few portal classes the trial needs. They are read once from wherever Kiln's own classes
 * come from, which is a folder and jars in tests and nested jars inside Spring Boot's executable
 * jar when packaged; the same lookup works for both. Each trial gets a fresh copy in its own
 * folder, so one trial cannot change what the next one runs.
 */
final class TrialClasspath {

  /**
   * Package folders copied whole: PF4J with what it needs (SLF4J's API, java-semver), and the
   * plugin API.
   */
  private static final List<String> LIBRARIES =
      List.of("org/pf4j/", "org/slf4j/", "com/github/zafarkhaja/semver/", "dev/kiln/plugin/api/");

  /** The portal's classes (with their nested classes) that run in the trial JVM. */
  private static final List<Class<?>> PORTAL =
      List.of(
          PluginTrialMain.class,
          TrialReport.class,
          PluginStarter.class,
          PluginClassLoading.class,
          PluginRefusedException.class);

  private final Map<String, byte[]> classes;

  private TrialClasspath(Map<String, byte[]> classes) {
    this.classes = classes;
  }

  /** Reads the classes from this JVM's class path. */
  static TrialClasspath read() throws IOException {
    var resolver = new PathMatchingResourcePatternResolver(TrialClasspath.class.getClassLoader());
    Map<String, byte[]> classes = new LinkedHashMap<>();
    for (String folder : LIBRARIES) {
      add(classes, folder, resolver.getResources("classpath*:" + folder + "**/*.class"));
    }
    for (Class<?> type : PORTAL) {
      String path = type.getName().replace('.', '/');
      String folder = path.substring(0, path.lastIndexOf('/') + 1);
      add(classes, folder, resolver.getResources("classpath*:" + path + ".class"));
      add(classes, folder, resolver.getResources("classpath*:" + path + "$*.class"));
    }
    for (Class<?> type : PORTAL) {
      if (!classes.containsKey(type.getName().replace('.', '/') + ".class")) {
        throw new IOException(
            "the class "
                + type.getName()
                + " the plugin trial needs was not found on Kiln's"
                + " class path");
      }
    }
    return new TrialClasspath(Map.copyOf(classes));
  }

  private static void add(Map<String, byte[]> classes, String folder, Resource[] found)
      throws IOException {
    for (Resource resource : found) {
      String url = resource.getURL().toString();
      int at = url.lastIndexOf("/" + folder);
      if (at < 0) {
        continue;
      }
      try (InputStream in = resource.getInputStream()) {
        classes.putIfAbsent(
            url.substring(at + 1),
            in.readAllBytes()); // the first on the class path wins, as in a JVM
      }
    }
  }

  /** Writes the classes under {@code folder}, which becomes the trial JVM's class path. */
  Path writeTo(Path folder) throws IOException {
    for (var entry : classes.entrySet()) {
      Path file = folder.resolve(entry.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, entry.getValue());
    }
    return folder;
  }

  /** How many class files there are, for the log. */
  int size() {
    return classes.size();
  }
}

package dev.kiln.portal.plugin;

import dev.kiln.portal.database.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Kiln's own files and folders on this node, which no build may see: whatever its settings point
 * at (data folder, key files, database, storage, work and plugin folders, log files), the embedded
 * database's password file, every configuration file Spring read, and what the admin added with
 * KILN_LOCAL_SANDBOX_HIDE. Read from the settings by name, so that features need not know the
 * plugin host, nor the other way round.
 */
final class PrivatePaths {

  /** Settings that name a file or folder of Kiln's. */
  static final List<String> SETTINGS = List.of("kiln.data-dir", "kiln.secrets.public-key-file",
      "kiln.secrets.private-key-file", "kiln.database.embedded-dir", "kiln.storage.local-dir", "kiln.builds.work-dir",
      "kiln.plugins.dir", "kiln.plugins.bundled-dir", "kiln.plugins.uploaded-dir", "logging.file.name",
      "logging.file.path");

  private PrivatePaths() {}

  /** The paths, absolute and normalized. */
  static Set<Path> of(ConfigurableEnvironment environment, Collection<Path> hide) {
    Set<Path> paths = new LinkedHashSet<>();
    for (String setting : SETTINGS) {
      String value = environment.getProperty(setting);
      if (value != null && !value.isBlank()) {
        paths.add(absolute(Path.of(value)));
      }
    }
    String database = environment.getProperty("kiln.database.embedded-dir");
    if (database != null && !database.isBlank()) {
      paths.add(EmbeddedDatabase.passwordFile(absolute(Path.of(database))));
    }
    for (PropertySource<?> source : environment.getPropertySources()) {
      configurationFile(source).ifPresent(paths::add);
    }
    hide.forEach(path -> paths.add(absolute(path)));
    return paths;
  }

  /** The file a property source was read from, when it was a file (application.yml, say). */
  private static Optional<Path> configurationFile(PropertySource<?> source) {
    if (!(source instanceof EnumerablePropertySource<?> enumerable) || !(source instanceof OriginLookup<?>)) {
      return Optional.empty();
    }
    for (String name : enumerable.getPropertyNames()) {
      Origin origin = OriginLookup.getOrigin(source, name);
      while (origin != null && !(origin instanceof TextResourceOrigin)) {
        origin = origin.getParent();
      }
      if (origin instanceof TextResourceOrigin text && text.getResource() != null && text.getResource().isFile()) {
        try {
          return Optional.of(absolute(text.getResource().getFile().toPath()));
        } catch (IOException e) {
          return Optional.empty();
        }
      }
      return Optional.empty(); // one property tells where the whole source came from
    }
    return Optional.empty();
  }

  private static Path absolute(Path path) {
    return path.toAbsolutePath().normalize();
  }
}

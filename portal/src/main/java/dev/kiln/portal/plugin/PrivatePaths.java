package dev.kiln.portal.plugin;

import dev.kiln.portal.database.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Kiln's own files and folders on this node, which no build may see. Derived from the whole
 * Environment rather than a list of keys, so that a setting an admin adds (a TLS key store, an SSL
 * bundle, a config tree of secrets) is covered without Kiln knowing it:
 *
 * <ul>
 *   <li>whatever Kiln's own path settings point at ({@link #SETTINGS}: data folder, key files,
 *       database, storage, work, git mirror and plugin folders, log files) and the embedded
 *       database's password;
 *   <li>every file a setting was read from: application.yml wherever it lies, files named by {@code
 *       spring.config.location} or {@code spring.config.import}, each file of a {@code
 *       configtree:}; and those locations themselves, folders included;
 *   <li>the value of every setting whose name says it is key material ({@link #KEY_MATERIAL}: key,
 *       key store, password, secret, credential, token) when that value is a path: {@code
 *       server.ssl.key-store}, {@code server.ssl.certificate-private-key}, {@code
 *       spring.ssl.bundle.*.keystore.*}, {@code javax.net.ssl.keyStore}, and so on;
 *   <li>what the admin added with KILN_LOCAL_SANDBOX_HIDE.
 * </ul>
 *
 * Read from the settings by name, so that features need not know the plugin host, nor the other way
 * round.
 */
final class PrivatePaths {

  /** Settings that name a file or folder of Kiln's. */
  static final List<String> SETTINGS =
      List.of(
          "kiln.data-dir",
          "kiln.secrets.public-key-file",
          "kiln.secrets.private-key-file",
          "kiln.database.embedded-dir",
          "kiln.storage.local-dir",
          "kiln.builds.work-dir",
          "kiln.sources.mirror-dir",
          "kiln.plugins.dir",
          "kiln.plugins.bundled-dir",
          "kiln.plugins.uploaded-dir",
          "logging.file.name",
          "logging.file.path");

  /** Settings that say where Spring reads more settings from: comma lists of files and folders. */
  static final List<String> CONFIG_LOCATIONS =
      List.of(
          "spring.config.location", "spring.config.additional-location", "spring.config.import");

  /**
   * A setting's name that says its value is key material (case, dots, dashes and underscores
   * aside). Trust stores and plain certificates are public and left visible: builds may need the
   * system's.
   */
  static final Pattern KEY_MATERIAL =
      Pattern.compile("key|password|passwd|secret|credential|token");

  /** Location prefixes Spring accepts before a file path. */
  private static final Pattern PREFIXES = Pattern.compile("^(optional:)?(file:|configtree:)?");

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
    for (String setting : CONFIG_LOCATIONS) {
      for (String location : value(environment, setting).orElse("").split("[,;]")) {
        path(location, true).ifPresent(paths::add);
      }
    }
    Set<String> names = new LinkedHashSet<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (source instanceof EnumerablePropertySource<?> enumerable) {
        names.addAll(List.of(enumerable.getPropertyNames()));
        configurationFiles(enumerable, paths);
      }
    }
    for (String name : names) {
      if (KEY_MATERIAL
          .matcher(name.toLowerCase(Locale.ROOT).replaceAll("[-._\\[\\]]", ""))
          .find()) {
        value(environment, name).flatMap(value -> path(value, false)).ifPresent(paths::add);
      }
    }
    hide.forEach(path -> paths.add(absolute(path)));
    return paths;
  }

  /**
   * Every file a property source's settings were read from (one for application.yml, one per key of
   * a config tree).
   */
  private static void configurationFiles(EnumerablePropertySource<?> source, Set<Path> into) {
    if (!(source instanceof OriginLookup<?>)) {
      return;
    }
    for (String name : source.getPropertyNames()) {
      Origin origin = OriginLookup.getOrigin(source, name);
      while (origin != null && !(origin instanceof TextResourceOrigin)) {
        origin = origin.getParent();
      }
      if (origin instanceof TextResourceOrigin text
          && text.getResource() != null
          && text.getResource().isFile()) {
        try {
          into.add(absolute(text.getResource().getFile().toPath()));
        } catch (IOException | InvalidPathException e) {
          // not a file on this machine after all
        }
      }
    }
  }

  /** A setting's value, resolved; empty when it is unset or cannot be resolved. */
  private static Optional<String> value(ConfigurableEnvironment environment, String name) {
    try {
      return Optional.ofNullable(environment.getProperty(name));
    } catch (RuntimeException unresolvable) {
      return Optional.empty();
    }
  }

  /**
   * The path a value names: a location ({@code optional:file:/x}, {@code configtree:/x/}, a file or
   * a folder), or a key material setting's absolute path or existing relative file. Not a {@code
   * classpath:} or other URL, inline key material, a password that happens to name a folder, nor
   * the root folder, which would hide the whole system from builds.
   */
  private static Optional<Path> path(String value, boolean location) {
    String text =
        PREFIXES.matcher(value.strip()).replaceFirst("").replaceFirst("\\[[^\\]]*\\]$", "");
    if (text.isEmpty()
        || text.contains("\n")
        || text.startsWith("-----")
        || text.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
      return Optional.empty();
    }
    try {
      Path path = absolute(Path.of(text));
      boolean named = location || Path.of(text).isAbsolute() || Files.isRegularFile(path);
      return named && path.getParent() != null ? Optional.of(path) : Optional.empty();
    } catch (InvalidPathException notAPath) {
      return Optional.empty();
    }
  }

  private static Path absolute(Path path) {
    return path.toAbsolutePath().normalize();
  }
}

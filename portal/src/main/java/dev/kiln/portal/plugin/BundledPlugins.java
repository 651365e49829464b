package dev.kiln.portal.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The builder plugins built with Kiln travel inside its jar (under {@code kiln-plugins/}); pf4j
 * loads plugins from files, so they are copied out to a folder Kiln owns at each start.
 */
final class BundledPlugins {

  private BundledPlugins() {}

  static List<Path> extractTo(Path folder) throws IOException {
    Files.createDirectories(folder);
    try (var old = Files.list(folder)) {
      for (Path path : (Iterable<Path>) old::iterator) {
        Files.deleteIfExists(path);
      }
    }
    List<Path> jars = new ArrayList<>();
    for (Resource resource :
        new PathMatchingResourcePatternResolver().getResources("classpath*:kiln-plugins/*.jar")) {
      Path target = folder.resolve(resource.getFilename());
      try (InputStream in = resource.getInputStream()) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      jars.add(target);
    }
    return jars;
  }
}

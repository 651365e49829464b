package dev.kiln.portal.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads an uploaded jar in a pf4j manager of its own, creates and describes its builders, and
 * unloads it again: a jar whose classes are missing, whose constructor or {@code describe()}
 * throws, is refused before anything is stored, and the plugins in use never see it.
 */
final class PluginTrial {

  private PluginTrial() {}

  /**
   * The ids of the builders the jar provides.
   *
   * @throws PluginRefusedException with the reason the jar cannot be used
   */
  static List<String> builderIds(Path jar, PluginJar facts) throws IOException {
    Path root = Files.createTempDirectory("kiln-plugin-trial");
    var manager = PluginClassLoading.manager(root, PluginHost.API_VERSION);
    try {
      List<String> ids = PluginStarter.start(manager, jar, facts.id()).stream().map(d -> d.descriptor().id()).toList();
      manager.unloadPlugin(facts.id());
      return ids;
    } finally {
      Files.deleteIfExists(root);
    }
  }
}

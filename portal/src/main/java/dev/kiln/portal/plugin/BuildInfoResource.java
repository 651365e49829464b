package dev.kiln.portal.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Facts the build writes into {@code kiln-build.properties}, so they are stated once, in the pom.
 */
final class BuildInfoResource {

  private BuildInfoResource() {}

  static String pluginApiVersion() {
    var properties = new Properties();
    try (InputStream in = BuildInfoResource.class.getResourceAsStream("/kiln-build.properties")) {
      if (in == null) {
        throw new IllegalStateException("kiln-build.properties is missing from the classpath");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("plugin-api.version");
  }
}

package dev.kiln.portal.e2e.screens;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The third party's plugin under {@code examples/hello-builder}, which this build makes as a jar of
 * its own against the plugin API alone, before the portal.
 */
final class ExamplePlugin {

  private ExamplePlugin() {}

  /** The built jar ({@code kiln.test.example-plugin} overrides where); fails when it is missing. */
  static Path jar() {
    Path jar =
        Path.of(
            System.getProperty(
                "kiln.test.example-plugin",
                "../examples/hello-builder/target/hello-builder-1.0.0.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "No example plugin at "
              + jar
              + ": run ./mvnw verify, which builds"
              + " examples/hello-builder before the portal.");
    }
    return jar;
  }
}

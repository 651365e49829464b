package dev.kiln.builder.docker;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link DockerEngine} parameter: one engine per test JVM, started on first use in
 * {@code target/dockerd} and stopped when all tests have run (JUnit closes it with its root store).
 */
public final class DockerEngineExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DockerEngine.class;
  }

  @Override
  public DockerEngine resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .computeIfAbsent(DockerEngine.class, key -> start(), DockerEngine.class);
  }

  private static DockerEngine start() {
    try {
      return DockerEngine.start(Path.of("target", "dockerd"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting dockerd", e);
    } catch (IOException e) {
      throw new IllegalStateException("could not start dockerd: " + e.getMessage(), e);
    }
  }
}

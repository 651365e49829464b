package dev.kiln.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that boot a node with the web role only, on its own data folder (so its own
 * embedded PostgreSQL), beside the all-roles context of {@link KilnSpringTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class WebNodeSpringTest {

  /** This context's data folder; subclasses may prepare files in it before the context starts. */
  protected static final Path DATA_DIR;

  static {
    try {
      DATA_DIR = Files.createTempDirectory("kiln-web-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void webOnly(DynamicPropertyRegistry registry) {
    registry.add("kiln.data-dir", DATA_DIR::toString);
    registry.add("kiln.node.name", () -> "web-test-node");
    registry.add("kiln.node.roles", () -> "web");
  }
}

package dev.kiln.portal.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The running embedded PostgreSQL and its superuser's password.
 *
 * @param server the server
 * @param password the password of its {@code postgres} role
 */
public record EmbeddedDatabase(EmbeddedPostgres server, String password) implements AutoCloseable {

  /**
   * The file that keeps the superuser's password, beside the database folder {@code dir}: only
   * Kiln's user may read it, and the Local shell builder hides it from every build.
   */
  public static Path passwordFile(Path dir) {
    return dir.resolveSibling(dir.getFileName() + ".password");
  }

  /** The loopback port it listens on. */
  public int port() {
    return server.getPort();
  }

  /** Stops the server: Spring calls it after closing everything that uses the database. */
  @Override
  public void close() throws IOException {
    ServerShutdownHook.close(server);
  }
}

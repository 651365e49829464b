package dev.kiln.portal.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * The running embedded PostgreSQL and its superuser's password.
 *
 * @param server the server
 * @param password the password of its {@code postgres} role
 */
public record EmbeddedDatabase(EmbeddedPostgres server, String password) implements AutoCloseable {

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

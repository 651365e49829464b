package dev.kiln.portal.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded database library stops its server from a JVM shutdown hook of its own, which the JVM
 * runs at the same time as Spring's: on Ctrl+C or SIGTERM the server went away while Quartz, the
 * connection pool and running builds still used it, and each printed its stack traces. Kiln disarms
 * that hook once the server runs, and stops the server itself when Spring destroys the {@link
 * EmbeddedDatabase} bean, which comes after every bean that uses the database.
 *
 * <p>The library offers no way to do this, and keeps the hook's thread to itself; the hook only
 * calls {@code close()}, which does nothing once the library's private {@code closed} flag is set.
 * So the flag is set after start and cleared just before Kiln's own close. Should a new version of
 * the library change that, a warning says so and the server stops as before.
 */
final class ServerShutdownHook {

  private static final Logger log = LoggerFactory.getLogger(ServerShutdownHook.class);

  private ServerShutdownHook() {}

  /** From now on, only {@link #close} stops the server. */
  static void disarm(EmbeddedPostgres server) {
    closedFlag(server, true);
  }

  /** Stops the server. */
  static void close(EmbeddedPostgres server) throws IOException {
    closedFlag(server, false);
    server.close();
  }

  private static void closedFlag(EmbeddedPostgres server, boolean closed) {
    try {
      Field field = EmbeddedPostgres.class.getDeclaredField("closed");
      field.setAccessible(true);
      ((AtomicBoolean) field.get(server)).set(closed);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn(
          "Could not keep the embedded PostgreSQL running until Kiln stops ({}); on shutdown it may stop"
              + " first, and what still uses it then logs errors",
          e.toString());
    }
  }
}

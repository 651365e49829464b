package dev.kiln.portal.database;

import dev.kiln.portal.base.RandomText;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Locks the embedded PostgreSQL to Kiln. The library creates it with "trust" authentication, so any
 * local user could connect as its superuser over loopback; Kiln gives that superuser a random
 * password, kept in a file only Kiln's user can read, and allows password (SCRAM) connections only.
 */
final class EmbeddedDatabaseAccess {

  static final String HBA =
      """
      # Written by Kiln: every connection needs the password (SCRAM).
      local all all scram-sha-256
      host  all all 127.0.0.1/32 scram-sha-256
      host  all all ::1/128 scram-sha-256
      """;

  private final Path dataDir;
  private final Path passwordFile;

  EmbeddedDatabaseAccess(Path dataDir) {
    this.dataDir = dataDir;
    this.passwordFile = EmbeddedDatabase.passwordFile(dataDir);
  }

  /** The superuser's password, once a first start has set it. */
  Optional<String> password() throws IOException {
    return Files.exists(passwordFile)
        ? Optional.of(Files.readString(passwordFile).strip())
        : Optional.empty();
  }

  /**
   * Makes sure the running server accepts only the password: on the first start, and again if an
   * earlier start stopped half-way. The password file is written first, so it is never lost.
   */
  String secure(EmbeddedPostgres postgres) throws IOException {
    String password = password().orElse(null);
    if (password == null) {
      password = RandomText.of(RandomText.LEGIBLE, 32);
      writePrivately(passwordFile, password);
    }
    Path hba = dataDir.resolve("pg_hba.conf");
    if (!Files.exists(hba) || !Files.readString(hba).equals(HBA)) {
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        // The alphabet has no quote or backslash, so the literal is safe.
        s.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
        writePrivately(hba, HBA);
        s.execute("SELECT pg_reload_conf()");
      } catch (SQLException e) {
        throw new IOException(
            "Could not set up the embedded database's password: " + e.getMessage(), e);
      }
    }
    return password;
  }

  private static void writePrivately(Path file, String content) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".part");
    Files.writeString(partial, content);
    try {
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the data folder's own permissions apply.
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}

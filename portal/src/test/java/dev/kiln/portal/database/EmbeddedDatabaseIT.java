package dev.kiln.portal.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.KilnSpringTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** The embedded PostgreSQL lets in Kiln, with its password, and nobody else. */
class EmbeddedDatabaseIT extends KilnSpringTest {

  @Autowired EmbeddedDatabase database;

  @Value("${kiln.database.embedded-dir}")
  Path dataDir;

  @Test
  void refusesConnectionsWithoutThePassword() {
    String url = "jdbc:postgresql://127.0.0.1:" + database.port() + "/postgres";
    assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", ""))
        .isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "guess"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  @Test
  void acceptsThePasswordKeptInAFileOnlyKilnCanRead() throws Exception {
    Path file = dataDir.resolveSibling(dataDir.getFileName() + ".password");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String url = "jdbc:postgresql://127.0.0.1:" + database.port() + "/postgres";
    try (var connection =
        DriverManager.getConnection(url, "postgres", Files.readString(file).strip())) {
      assertThat(connection.isValid(2)).isTrue();
    }
    assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).doesNotContain("trust");
  }
}

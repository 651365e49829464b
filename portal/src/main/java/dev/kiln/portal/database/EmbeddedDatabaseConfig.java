package dev.kiln.portal.database;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real PostgreSQL from the binaries bundled in the jar, with its data under the data
 * folder, when no external database is configured. Liquibase, JPA and Quartz all use it through the
 * one {@link DataSource}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseCondition.class)
class EmbeddedDatabaseConfig {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfig.class);

  @Bean(destroyMethod = "close")
  EmbeddedDatabase embeddedDatabase(DatabaseProperties properties) throws IOException {
    var dir = properties.embeddedDir().toAbsolutePath().normalize();
    Files.createDirectories(dir);
    LeftoverPostmaster.stopIfRunning(dir);
    long start = System.nanoTime();
    var access = new EmbeddedDatabaseAccess(dir);
    var builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            .setServerConfig("listen_addresses", "127.0.0.1")
            // The library's defaults suit throw-away test databases (-F turns fsync off, commits
            // are
            // asynchronous); Kiln's embedded database holds real data, so both are turned back on.
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on");
    access.password().ifPresent(password -> builder.setConnectConfig("password", password));
    EmbeddedPostgres postgres = builder.start();
    String password;
    try {
      password = access.secure(postgres);
    } catch (IOException | RuntimeException e) {
      postgres.close(); // no bean, so Spring would never stop it
      throw e;
    }
    ServerShutdownHook.disarm(postgres);
    log.info(
        "Embedded PostgreSQL started in {} ms with data in {}",
        (System.nanoTime() - start) / 1_000_000,
        dir);
    return new EmbeddedDatabase(postgres, password);
  }

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(EmbeddedDatabase database) {
    var dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(database.server().getJdbcUrl("postgres", "postgres"));
    dataSource.setUsername("postgres");
    dataSource.setPassword(database.password());
    dataSource.setMaximumPoolSize(20);
    dataSource.setPoolName("kiln");
    return dataSource;
  }
}

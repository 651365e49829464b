package dev.kiln.portal.e2e.screens;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * KILN_DB_URL switches Kiln to an external PostgreSQL (here a separate server the test starts):
 * Kiln starts no database of its own, creates its schema there, and keeps the local builder off,
 * saying why, because scripts would run on the Kiln host.
 */
class ExternalDatabaseIT {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void runsOnAnExternalDatabaseWithTheLocalBuilderOff() throws Exception {
    try (var postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(tmp.resolve("pg"))
            .setCleanDataDirectory(true)
            .start()) {
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("create database kiln");
      }
      var env =
          Map.of(
              "KILN_DB_URL", postgres.getJdbcUrl("postgres", "kiln"),
              "KILN_DB_USER", "postgres",
              "KILN_DB_PASSWORD", "",
              // With an external database Kiln creates the secrets key pair only when told to.
              "KILN_SECRETS_GENERATE_KEYS", "true");
      try (var kiln = KilnProcess.start(tmp.resolve("home"), "external-db", env);
          var browser = new Chromium("external-db")) {
        kiln.awaitReady();
        assertThat(kiln.dataDir().resolve("postgres")).doesNotExist();
        assertThat(kiln.dataDir().resolve("keys/secrets-private.json")).isRegularFile();
        try (Connection c = postgres.getDatabase("postgres", "kiln").getConnection();
            ResultSet users = c.createStatement().executeQuery("select username from users")) {
          assertThat(users.next()).isTrue();
          assertThat(users.getString(1)).isEqualTo("admin");
        }

        Page page = browser.newPage();
        var form = NewUserWalk.firstLogIn(kiln, browser, page).newProject();
        assertThat(form.builder()).hasText("");
        assertThat(form.builderChoices()).containsExactly("Local shell (unavailable)");
        assertThat(page.getByText("No builder can run builds on this Kiln yet.")).isVisible();
        browser.screenshot(page, "no-builder-available");
      }
    }
  }
}

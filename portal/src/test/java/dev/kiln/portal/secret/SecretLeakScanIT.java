package dev.kiln.portal.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.LeakScan;
import java.sql.Connection;
import java.sql.SQLException;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * After a build that uses a secret and prints it every way it can, nothing Kiln keeps holds the
 * value in clear: not the application's log output, not any column of any table (Quartz's included),
 * not any file in storage.
 */
@WithMockUser(roles = "ADMIN")
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakScanIT extends KilnSpringTest {

  private static final String VALUE = "leak-scan-Vq8-ZmW2x";

  @Autowired SecretService secrets;
  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired javax.sql.DataSource dataSource;

  @Value("${kiln.storage.local-dir}")
  Path storage;

  @Test
  void noSecretValueIsLeftInClearAnywhere(CapturedOutput output) throws IOException {
    secrets.create(null, "LEAK_SCAN_TOKEN", "scanned for", VALUE);
    long project = projects.create(new ProjectDraft("leak-scan", "", "local", Map.of(), """
        echo "out: $LEAK_SCAN_TOKEN"
        echo "err: $LEAK_SCAN_TOKEN" >&2
        printf '%s' "$LEAK_SCAN_TOKEN" | base64
        mkdir -p dist && echo "artifact without the secret" > dist/ok.txt
        exit 3
        """, List.of("dist/*"), Duration.ofMinutes(1), List.of("LEAK_SCAN_TOKEN")));
    long build = projects.runNow(project, "leak scan");
    await("the build to end", Duration.ofSeconds(60), () -> builds.find(build).orElseThrow().state().isFinal());

    List<String> forms = List.of(VALUE, Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8)));
    assertThat(output.getAll()).as("application log output").doesNotContain(forms);
    assertThat(columnsHolding(VALUE)).as("database columns holding the value").isEmpty();
    // The scan itself works: it finds what is stored in clear on purpose.
    assertThat(columnsHolding("leak-scan")).contains("projects.name", "builds.project_name");
    try (Stream<Path> files = Files.walk(storage)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(forms);
      }
    }
    assertThat(builds.find(build).orElseThrow().reason()).doesNotContain(VALUE);
  }

  /** Every text and binary column of every table in Kiln's schema that contains {@code value}. */
  private List<String> columnsHolding(String value) {
    try (Connection db = dataSource.getConnection()) {
      return LeakScan.columnsHolding(db, value);
    } catch (SQLException e) {
      throw new AssertionError("the scan could not read the database", e);
    }
  }

}

package dev.kiln.portal.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.LeakScan;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * After a build that uses a secret and prints it every way it can, nothing Kiln keeps holds the
 * value in clear: not the application's log output, not any column of any table (Quartz's
 * included), not any file in storage.
 */
@WithMockUser(roles = "ADMIN")
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakScanIT extends KilnSpringTest {

  private static final String VALUE = "leak-scan-Vq8-ZmW2x";

  @Autowired SecretService secrets;
  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired DataSource dataSource;

  @Value("${kiln.storage.local-dir}")
  Path storage;

  @Test
  void noSecretValueIsLeftInClearAnywhere(CapturedOutput output) throws IOException {
    secrets.create(null, "LEAK_SCAN_TOKEN", "scanned for", VALUE);
    long project =
        projects.create(
            new ProjectDraft(
                "leak-scan",
                "",
                "local",
                Map.of(),
                """
        echo "out: $LEAK_SCAN_TOKEN"
        echo "err: $LEAK_SCAN_TOKEN" >&2
        printf '%s' "$LEAK_SCAN_TOKEN" | base64
        mkdir -p dist && echo "artifact without the secret" > dist/ok.txt
        exit 3
        """,
                List.of("dist/*"),
                Duration.ofMinutes(1),
                List.of("LEAK_SCAN_TOKEN")));
    long build = projects.runNow(project, "leak scan");
    await(
        "the build to end",
        Duration.ofSeconds(60),
        () -> builds.find(build).orElseThrow().state().isFinal());

    List<String> forms =
        List.of(VALUE, Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8)));
    assertThat(output.getAll()).as("application log output").doesNotContain(forms);
    assertThat(columnsHolding(VALUE)).as("database columns holding the value").isEmpty();
    // The scan itself works: it finds what is stored in clear on purpose.
    assertThat(columnsHolding("leak-scan")).contains("projects.name", "builds.project_name");
    try (Stream<Path> files = Files.walk(storage)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
            .as(file.toString())
            .doesNotContain(forms);
      }
    }
    assertThat(builds.find(build).orElseThrow().reason()).doesNotContain(VALUE);
  }

  /**
   * A value with quotes, spaces and non-ASCII letters, printed by the tools a script uses and put
   * in artifact names: the log holds none of those forms, and the artifacts' names (listed, served
   * and used as storage keys) hold no form of it, nor a line break; the build's other artifacts are
   * kept.
   */
  @Test
  void encodedFormsAndArtifactNamesHideTheValue() throws Exception {
    String hostile = "it's \"ŝecret\" $x #42";
    secrets.create(null, "HOSTILE_TOKEN", "printed every way", hostile);
    long project =
        projects.create(
            new ProjectDraft(
                "forms-scan",
                "",
                "local",
                Map.of(),
                PRINTERS
                    + """
        mkdir -p dist/deep
        echo kept > dist/plain.txt
        echo named > "dist/report-$HOSTILE_TOKEN.txt"
        echo broken > dist/$'forged\\r\\n[kiln] line.txt'
        d=dist/deep; for i in 1 2 3 4 5; do d="$d/$(printf 'd%.0s' {1..240})"; done
        mkdir -p "$d" && echo deep > "$d/wheel.whl"
        """,
                List.of("dist/**"),
                Duration.ofMinutes(1),
                List.of("HOSTILE_TOKEN")));
    long build = projects.runNow(project, "forms scan");
    await(
        "the build to end",
        Duration.ofSeconds(60),
        () -> builds.find(build).orElseThrow().state().isFinal());

    String log = new String(builds.openLog(build).readAllBytes(), StandardCharsets.UTF_8);
    List<String> printed = printedForms(hostile);
    assertThat(printed).hasSize((int) PRINTERS.lines().count());
    assertThat(log)
        .as("the build's log")
        .contains("***")
        .doesNotContain(printed)
        .doesNotContain("ŝecret");
    var names = builds.artifacts(build).stream().map(a -> a.path()).toList();
    assertThat(names)
        .hasSize(4)
        .contains("dist/plain.txt", "dist/report-***.txt", "dist/forged__[kiln] line.txt")
        .allSatisfy(
            name ->
                assertThat(name)
                    .doesNotContain("ŝecret")
                    .doesNotContain("\n")
                    .doesNotContain("\r")
                    .hasSizeLessThanOrEqualTo(1000));
    assertThat(names).anySatisfy(name -> assertThat(name).endsWith("/wheel.whl"));
    assertThat(log)
        .contains("An artifact is stored as dist/report-***.txt because it showed a secret.")
        .doesNotContain("\n[kiln] line");
    try (Stream<Path> files = Files.walk(storage)) {
      assertThat(files.map(Path::toString).filter(f -> f.contains("ŝecret") || f.contains("\n")))
          .isEmpty();
    }
  }

  /** Each printer's line prints the secret one way, as the real tools do. */
  private static final String PRINTERS =
      """
      printf '%q\\n' "$HOSTILE_TOKEN"
      LC_ALL=C printf '%q\\n' "$HOSTILE_TOKEN"
      echo "${HOSTILE_TOKEN@Q}"
      printf '%s' "$HOSTILE_TOKEN" | xxd -p
      printf 'xy%s' "$HOSTILE_TOKEN" | base64 -w0; echo
      printf 'z%s!' "$HOSTILE_TOKEN" | base64 -w0; echo
      python3 -c 'import json,os; print(json.dumps(os.environ["HOSTILE_TOKEN"]))'
      jq -rn 'env.HOSTILE_TOKEN|@uri'
      """;

  /** What each line of {@link #PRINTERS} prints for {@code value}, run here with the same tools. */
  private static List<String> printedForms(String value) throws IOException, InterruptedException {
    var forms = new ArrayList<String>();
    for (String line : PRINTERS.lines().toList()) {
      var process =
          new ProcessBuilder("bash", "-c", line.replace("HOSTILE_TOKEN", "V"))
              .redirectErrorStream(true);
      process.environment().put("V", value);
      process.environment().put("LANG", "C.UTF-8");
      Process started = process.start();
      String out =
          new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(started.waitFor()).as(line).isZero();
      // The middle of a base64 text also holds bits of the letters around the value: compare that
      // part.
      forms.add(line.contains("base64") ? out.substring(3, out.length() - 4) : out);
    }
    return forms;
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

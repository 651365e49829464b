package dev.kiln.portal.build;

import static dev.kiln.portal.FinishedBuilds.log;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.database.EmbeddedDatabase;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * A project maintainer's Local shell build tries to take the host as the issue describes, on the
 * real portal with its real embedded PostgreSQL, and fails at every step: Kiln's keys and database
 * password are out of sight, the database refuses its superuser, Kiln's own process and its
 * environment are invisible, and nothing outside the workspace can be written.
 */
@WithMockUser(roles = "ADMIN")
class LocalBuildSandboxIT extends KilnSpringTest {

  /**
   * Runs each attempt in a subshell and prints whether it worked; the build itself always succeeds.
   */
  private static final String ATTEMPT =
      """
      attempt() { what=$1; shift; if ( "$@" ) >/dev/null 2>&1; then echo "WORKED $what"; else echo "FAILED $what"; fi; }
      """;

  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired EmbeddedDatabase database;

  @Value("${kiln.data-dir}")
  Path dataDir;

  @Value("${kiln.secrets.private-key-file}")
  Path privateKey;

  @Value("${kiln.database.embedded-dir}")
  Path databaseDir;

  private final Path planted = Path.of("/var/tmp/kiln-sandbox-it-" + ProcessHandle.current().pid());

  @AfterEach
  void removeWhatABrokenSandboxLetThrough() throws IOException {
    Files.deleteIfExists(planted);
    Files.deleteIfExists(dataDir.resolve("planted"));
    Files.deleteIfExists(Path.of("/usr/kiln-planted"));
  }

  @Test
  void maintainersBuildCannotReadKilnsSecretsReachItsDatabaseOrWriteOutsideItsWorkspace()
      throws Exception {
    Path passwordFile = EmbeddedDatabase.passwordFile(databaseDir.toAbsolutePath());
    long kiln = ProcessHandle.current().pid();
    assertThat(privateKey).as("the test needs the key file to exist").exists();
    assertThat(passwordFile).as("the test needs the password file to exist").exists();
    String script =
        ATTEMPT
            + """
        attempt psql-available psql --version
        attempt database-port bash -c 'exec 3<>/dev/tcp/127.0.0.1/%3$d'
        attempt private-key cat '%1$s'
        attempt database-password cat '%2$s'
        attempt database-superuser env PGPASSWORD="$(cat '%2$s' 2>/dev/null)" PGCONNECT_TIMEOUT=5 \\
            psql -w -h 127.0.0.1 -p %3$d -U postgres -d postgres -c 'select 1'
        attempt kiln-environment cat /proc/%4$d/environ
        attempt kiln-command-line cat /proc/%4$d/cmdline
        attempt kiln-memory-map cat /proc/%4$d/maps
        attempt database-process grep -qs '[p]ostgres' /proc/[0-9]*/cmdline
        attempt data-folder-contents sh -c '[ -n "$(ls -A "$0")" ]' '%5$s'
        attempt write-data-folder touch '%5$s/planted'
        attempt write-outside touch '%6$s'
        attempt write-system-folder touch /usr/kiln-planted
        echo done
        """
                .formatted(
                    privateKey.toAbsolutePath(),
                    passwordFile,
                    database.port(),
                    kiln,
                    dataDir.toAbsolutePath(),
                    planted);

    long build =
        projects.runNow(
            projects.create(
                new ProjectDraft(
                    "sandbox-attack",
                    "",
                    "local",
                    Map.of("kill-grace-seconds", "1"),
                    script,
                    List.of(),
                    Duration.ofMinutes(2))),
            "test");
    await(
        "the attack build to end",
        Duration.ofSeconds(90),
        () -> builds.find(build).orElseThrow().state().isFinal());

    String log = log(builds, build);
    assertThat(builds.find(build).orElseThrow().state()).as(log).isEqualTo(BuildState.SUCCEEDED);
    // The attempts could work: psql is there, the port answers, and the password lets one in.
    assertThat(log).contains("WORKED psql-available", "WORKED database-port", "done\n");
    assertThat(psqlExitCode(Files.readString(passwordFile).strip())).isZero();
    assertThat(log)
        .contains(
            "FAILED private-key",
            "FAILED database-password",
            "FAILED database-superuser",
            "FAILED kiln-environment",
            "FAILED kiln-command-line",
            "FAILED kiln-memory-map",
            "FAILED database-process",
            "FAILED data-folder-contents",
            "FAILED write-data-folder",
            "FAILED write-outside",
            "FAILED write-system-folder");
    assertThat(log.lines().filter(line -> line.startsWith("WORKED"))).hasSize(2);
    assertThat(planted).doesNotExist();
    assertThat(Path.of("/usr/kiln-planted")).doesNotExist();
  }

  /** The build's psql command, run by the test itself with the real password. */
  private int psqlExitCode(String password) throws IOException, InterruptedException {
    var psql =
        new ProcessBuilder(
                "psql",
                "-w",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(database.port()),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-c",
                "select 1")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    psql.environment().put("PGPASSWORD", password);
    return psql.start().waitFor();
  }
}

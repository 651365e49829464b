package dev.kiln.builder.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.builder.ssh.LocalSshd.ClientKeyFile;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.Health;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Builds run on a real OpenSSH server: output, exit codes, environment, files in and artifacts out. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SshBuilderTest {

  private static LocalSshd sshd;

  @TempDir Path workDirectory;

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = LocalSshd.start();
  }

  @AfterAll
  static void stopSshd() throws Exception {
    sshd.close();
  }

  @ParameterizedTest
  @EnumSource(value = ClientKeyFile.class, names = {"ED25519", "ECDSA", "RSA"})
  void eachKeyTypeRunsABuild(ClientKeyFile key) throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    var settings = sshd.settings(key, sshd.knownHostsLine("host_ed25519"));

    BuildResult result = Builds.run(Builds.request("echo one\necho two >&2\necho \"$(whoami)\"", settings), context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.lines).containsExactly("one", "two", sshd.user);
    assertThat(sshd.buildFolders()).as("build folder removed").isEmpty();
  }

  @Test
  void checkReportsTheUserTheSystemAndTheTime() throws Exception {
    Health health = new SshBuilder().check(sshd.settings());

    assertThat(health.up()).as(health.message()).isTrue();
    assertThat(health.message()).matches("Connected as " + sshd.user + "@127\\.0\\.0\\.1 \\(Linux .+\\) in \\d+ ms");
    assertThat(health.proposal()).isNull();
  }
}

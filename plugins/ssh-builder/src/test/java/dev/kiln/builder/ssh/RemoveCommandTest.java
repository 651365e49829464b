package dev.kiln.builder.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command that removes a build's folder, run by the shells a host may have as the login shell.
 * A cancel's {@code mkdir cancel} comes on a channel of its own and may land while {@code rm}
 * empties the folder, which then fails its last step; the folder must still go.
 */
class RemoveCommandTest {

  @TempDir Path root;

  @ParameterizedTest
  @ValueSource(strings = {"/bin/sh", "/bin/bash"})
  void aMarkMadeWhileTheFolderIsRemovedDoesNotKeepIt(String shell) throws Exception {
    Path dir =
        Files.createDirectories(root.resolve("builds/build-1-0123456789ab/workspace")).getParent();
    Files.writeString(dir.resolve("workspace/output.txt"), "x");
    // An rm that loses the race once: it removes the folder's content, then the mark lands and it
    // fails.
    Path bin = Files.createDirectories(root.resolve("bin"));
    Path once = root.resolve("raced");
    Files.writeString(
        bin.resolve("rm"),
        "#!/bin/sh\n/bin/rm \"$@\"; if [ ! -e '"
            + once
            + "' ]; then : > '"
            + once
            + "'; mkdir -p '"
            + dir
            + "/cancel'; exit 1; fi\n");
    bin.resolve("rm").toFile().setExecutable(true);

    ProcessBuilder builder =
        new ProcessBuilder(shell, "-c", RemoteWorkspace.at(dir.toString()).removeCommand(null))
            .redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process process = builder.start();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();

    assertThat(Files.exists(once)).as("the race happened").isTrue();
    assertThat(dir).doesNotExist();
    assertThat(process.exitValue())
        .as(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
  }
}

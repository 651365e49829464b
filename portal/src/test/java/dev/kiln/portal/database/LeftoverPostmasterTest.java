package dev.kiln.portal.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only a server nobody runs any more is stopped; a folder in use stops the new Kiln instead. */
class LeftoverPostmasterTest {

  @TempDir Path dataDir;

  @Test
  void aFolderWhoseServerIsHeldByARunningKilnIsRefused() throws Exception {
    Path lockFile = Files.createFile(dataDir.resolve(LeftoverPostmaster.LOCK));
    Files.writeString(
        dataDir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + dataDir + "\n");
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        var lock = channel.lock()) {
      assertThat(lock.isValid()).isTrue();
      assertThatThrownBy(() -> LeftoverPostmaster.stopIfRunning(dataDir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another running Kiln");
    }
  }

  @Test
  void aStalePidFileOfAProcessThatIsNotOurServerIsRemovedWithoutStoppingAnything()
      throws Exception {
    long self = ProcessHandle.current().pid(); // alive, but a JVM, not a PostgreSQL on this folder
    Path pidFile =
        Files.writeString(dataDir.resolve("postmaster.pid"), self + "\n" + dataDir + "\n");
    assertThatCode(() -> LeftoverPostmaster.stopIfRunning(dataDir)).doesNotThrowAnyException();
    Assertions.assertThat(pidFile).doesNotExist();
  }
}

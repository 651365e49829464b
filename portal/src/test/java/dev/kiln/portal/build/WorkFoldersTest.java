package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Removing a work folder never throws, whatever the removal meets, and what is left is removed by a
 * later sweep, which spares the folders of builds running here.
 */
class WorkFoldersTest {

  @TempDir Path root;

  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final WorkFolders.Remover failing =
      folder -> {
        Throwable e = failure.get();
        if (e instanceof IOException io) {
          throw io;
        }
        if (e instanceof Error error) {
          throw error;
        }
        if (e instanceof RuntimeException runtime) {
          throw runtime;
        }
        return TreeRemover.remove(folder);
      };

  @Test
  void aFailedRemovalIsReportedNotThrownAndTheSweepRemovesTheFolderLater() throws Exception {
    var folders = new WorkFolders(root, id -> false, true, failing);
    Path folder = Files.createDirectories(folders.of(12).resolve("workspace"));

    for (Throwable e :
        new Throwable[] {
          new StackOverflowError(),
          new OutOfMemoryError("test"),
          new IllegalStateException("bug"),
          new IOException("Could not remove " + folders.of(12))
        }) {
      failure.set(e);
      assertThat(folders.delete(folders.of(12))).as(e.toString()).isFalse();
      assertThat(folder).exists();
      assertThat(folders.sweep()).as("folders left after a failing sweep").isEqualTo(1);
    }

    failure.set(null);
    assertThat(folders.sweep()).isZero();
    assertThat(folders.of(12)).doesNotExist();
  }

  @Test
  void theSweepSparesRunningBuildsAndFoldersKilnDidNotMake() throws Exception {
    var folders = new WorkFolders(root, id -> id == 7, true, TreeRemover::remove);
    Files.createDirectories(folders.of(7).resolve("workspace"));
    Files.createDirectories(folders.of(8).resolve("workspace"));
    Files.createDirectories(root.resolve("not-a-build"));
    Files.createDirectories(root.resolve("build-x"));

    assertThat(folders.sweep()).isZero();

    assertThat(folders.of(7)).exists();
    assertThat(folders.of(8)).doesNotExist();
    assertThat(root.resolve("not-a-build")).exists();
    assertThat(root.resolve("build-x")).exists();
  }

  @Test
  void aNodeThatNeverRanABuildHasNothingToSweep() {
    assertThat(
            new WorkFolders(root.resolve("missing"), id -> false, false, TreeRemover::remove)
                .sweep())
        .isZero();
  }
}

package dev.kiln.builder.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another user of the host may have made the work root first, or left a link in its place: the
 * build is refused, naming the setting, and nothing is written there. A missing root is made the
 * user's alone.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkRootTest {

  private static LocalSshd sshd;

  @TempDir Path workDirectory;
  @TempDir Path elsewhere;

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = LocalSshd.start();
  }

  @AfterAll
  static void stopSshd() throws Exception {
    sshd.close();
  }

  @Test
  void aMissingRootIsCreatedForTheUserAlone() throws Exception {
    Path root = sshd.dir.resolve("fresh/builds");

    Builds.run(
        Builds.request("true", withRoot(root.toString())), new TestBuildContext(workDirectory));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root)))
        .isEqualTo("rwx------");
  }

  @Test
  void aLinkInPlaceOfTheRootIsRefused() throws Exception {
    Path target = Files.createDirectory(elsewhere.resolve("target"));
    Path root = Files.createSymbolicLink(sshd.dir.resolve("linked"), target);

    assertRefused(root, "is a symbolic link. Remove it or choose another folder.");
    try (var left = Files.list(target)) {
      assertThat(left).as("nothing written through the link").isEmpty();
    }
  }

  @Test
  void aRootOthersMayWriteIsRefused() throws Exception {
    Path root = Files.createDirectory(sshd.dir.resolve("shared"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertRefused(root, "may be written by other users (mode 777). Run chmod 700 on it.");
  }

  @Test
  void aRootOfAnotherUserIsRefused() throws Exception {
    Path root = Files.createDirectory(sshd.dir.resolve("theirs"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    Files.setAttribute(root, "unix:uid", 54321);

    assertRefused(root, "belongs to user id 54321, not to the user Kiln logs in as");
  }

  @Test
  void aRootInsideAFolderEveryoneMayWriteIsRefused() throws Exception {
    Path open = Files.createDirectory(sshd.dir.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertRefused(
        open.resolve("builds"),
        "is inside " + open + ", which every user may write in and which is not" + " sticky");
  }

  private void assertRefused(Path root, String problem) throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    Path ran = elsewhere.resolve("ran");

    assertThatThrownBy(
            () ->
                Builds.run(
                    Builds.request("touch '" + ran + "'", withRoot(root.toString())), context))
        .isInstanceOf(BuildException.class)
        .hasMessageStartingWith("The remote work folder (work-root) " + root + " ")
        .hasMessageContaining(problem);
    assertThat(ran).doesNotExist();
  }

  private static BuilderSettings withRoot(String root) throws Exception {
    BuilderSettings settings = sshd.settings();
    Map<String, String> values = new HashMap<>(settings.values());
    values.put(SshSettings.WORK_ROOT, root);
    return new BuilderSettings(values, settings.secrets());
  }
}

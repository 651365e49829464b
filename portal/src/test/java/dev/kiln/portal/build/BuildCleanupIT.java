package dev.kiln.portal.build;

import static dev.kiln.portal.FinishedBuilds.awaitFinal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Whatever a build leaves in its folder, it ends: its end is recorded before the folder is removed,
 * the folder goes however the script shaped it, and one that cannot be removed is named in the log
 * and removed by a later sweep. Its project can be deleted afterwards.
 */
@WithMockUser(roles = "ADMIN")
@ExtendWith(OutputCaptureExtension.class)
class BuildCleanupIT extends KilnSpringTest {

  /** A tree deeper than PATH_MAX, names no charset decodes, a locked folder, a link out, a FIFO. */
  static final String NASTY_TREE =
      """
      mkdir -p "$(printf 'a/%%.0s' $(seq 1 5000))"
      touch -- $'bad\\xff' $'new\\nline' '-rf'
      mkdir -p locked/inner && touch locked/inner/file && chmod 000 locked/inner locked
      ln -s '%s' outside
      mkfifo fifo
      echo made
      """;

  private static final AtomicInteger names = new AtomicInteger();

  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired WorkFolders workFolders;

  @TempDir Path tmp;

  @Test
  void aBuildThatLeavesATreeDeeperThanPathMaxEndsAndItsFolderIsRemoved() throws Exception {
    Path outside = outside();
    long build = projects.runNow(project(NASTY_TREE.formatted(outside)), "test");

    BuildInfo done = awaitFinal(builds, build);

    assertThat(done.state()).isEqualTo(BuildState.SUCCEEDED);
    awaitRemoved(build);
    assertThat(outside.resolve("keep")).hasContent("kept");
  }

  @Test
  void suchABuildCanBeCancelledAndItsProjectDeleted() throws Exception {
    Path outside = outside();
    long project = project(NASTY_TREE.formatted(outside) + "sleep 300\n");
    long build = projects.runNow(project, "test");
    await(
        "the tree to be made",
        Duration.ofSeconds(60),
        () -> Files.exists(workspace(build).resolve("fifo")));

    builds.cancel(build, "tester");

    assertThat(awaitFinal(builds, build).state()).isEqualTo(BuildState.CANCELLED);
    projects.delete(project);
    assertThat(projects.find(project)).isEmpty();
    awaitRemoved(build);
    assertThat(outside.resolve("keep")).hasContent("kept");
  }

  @Test
  void aFolderThatCannotBeRemovedIsNamedInTheLogAndSweptLater(CapturedOutput output)
      throws Exception {
    assumeTrue(Trees.root(), "only root can make a file immutable");
    long build =
        projects.runNow(project("touch started\nwhile [ ! -e go ]; do sleep 0.1; done\n"), "test");
    await(
        "the script to start",
        Duration.ofSeconds(60),
        () -> Files.exists(workspace(build).resolve("started")));
    Path folder = workFolders.of(build);
    // Made by Kiln's own user, outside the build: a sandboxed script could not do it.
    Trees.bash(folder, "touch stuck && chattr +i stuck && touch workspace/go");

    try {
      assertThat(awaitFinal(builds, build).state()).isEqualTo(BuildState.SUCCEEDED);
      await(
          "the failure to be logged",
          Duration.ofSeconds(30),
          () -> output.getOut().contains(folder + "/stuck"));
      assertThat(output.getOut())
          .contains("Could not remove " + folder, "Operation not permitted", "tries again");
      assertThat(folder.resolve("stuck")).exists();
    } finally {
      Trees.bash(folder, "chattr -i stuck");
    }
    assertThat(workFolders.sweep()).isZero();
    assertThat(folder).doesNotExist();
  }

  private long project(String script) {
    return projects.create(
        new ProjectDraft(
            "cleanup-" + names.incrementAndGet(),
            "",
            "local",
            Map.of("kill-grace-seconds", "1"),
            script,
            List.of(),
            Duration.ofMinutes(5)));
  }

  private Path outside() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "kept");
    return outside;
  }

  private Path workspace(long build) {
    return workFolders.of(build).resolve("workspace");
  }

  private void awaitRemoved(long build) {
    await(
        "the folder of build " + build + " to be removed",
        Duration.ofMinutes(3),
        () -> !Files.exists(workFolders.of(build)));
  }
}

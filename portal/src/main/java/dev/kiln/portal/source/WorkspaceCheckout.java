package dev.kiln.portal.source;

import dev.kiln.portal.source.SourceException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Fills an empty workspace with one commit from the node's mirror: {@code git init} without
 * templates, a shallow fetch of just that commit from the mirror's folder, and a checkout with HEAD
 * detached at it. The workspace's {@code .git} then holds only that commit (tools such as
 * setuptools-scm read it), {@code origin} is the repository's address as the project gives it
 * (never with a credential), and nothing in it points back at the mirror. Symbolic links are
 * checked out as links, as git always does.
 */
final class WorkspaceCheckout {

  private final GitProcess git;

  WorkspaceCheckout(GitProcess git) {
    this.git = git;
  }

  /** Checks out {@code sha} from {@code mirror} into the empty folder {@code workspace}. */
  void into(
      Path workspace,
      Path mirror,
      GitUrl url,
      String sha,
      Consumer<String> log,
      GitProcess.Limits limits)
      throws SourceException, InterruptedException {
    requireEmpty(workspace);
    long start = System.nanoTime();
    run(workspace, limits, "init", "-q", "--template=", ".");
    run(
        workspace,
        limits,
        "fetch",
        "-q",
        "--depth",
        "1",
        "--no-tags",
        "--no-write-fetch-head",
        "--",
        mirror.toAbsolutePath().toString(),
        sha);
    run(workspace, limits, "-c", "advice.detachedHead=false", "checkout", "-q", "--detach", sha);
    run(workspace, limits, "config", "remote.origin.url", url.text());
    run(workspace, limits, "config", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*");
    log.accept(
        "Checked out commit "
            + sha.substring(0, 12)
            + " into the workspace in "
            + Progress.seconds(System.nanoTime() - start)
            + ".");
  }

  private void run(Path workspace, GitProcess.Limits limits, String... args)
      throws SourceException, InterruptedException {
    GitProcess.Result result = git.run(workspace, Map.of(), "file", limits, List.of(args));
    if (result.exit() != 0) {
      throw new SourceException(
          Problem.FAILED,
          "Could not check out into the workspace: git "
              + args[0]
              + " failed: "
              + GitRefs.printable(result.err().strip()));
    }
  }

  private static void requireEmpty(Path workspace) {
    try (Stream<Path> entries = Files.list(workspace)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException("The workspace " + workspace + " is not empty");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("The workspace " + workspace + " is not a folder", e);
    }
  }
}

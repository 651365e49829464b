package dev.kiln.portal.source;

import static dev.kiln.portal.source.SourceServers.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.support.ArtifactCollector;
import dev.kiln.plugin.testkit.TestBuildContext;
import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A repository's symbolic links are checked out as links, and collecting artifacts from such a
 * workspace never follows one out of it: neither a file link ({@code dist/evil.whl -> /etc/passwd})
 * nor a folder link ({@code dist-root -> /}, {@code up -> ../../..}).
 */
class CheckedOutSymlinksIT {

  @Test
  void artifactCollectionNeverFollowsACheckedOutLinkOutOfTheWorkspace() throws Exception {
    try (SourceServers servers = new SourceServers()) {
      TestRepo links = servers.repos.create("links");
      links.commit(
          "main",
          TestCommit.of("Links", T0)
              .file("dist/good.whl", "wheel\n")
              .symlink("dist/evil.whl", "/etc/passwd")
              .symlink("dist/etc", "/etc")
              .symlink("root", "/")
              .symlink("up", "../../.."));
      GitSource local = servers.sources(links, false).get(2);
      GitMirrors node = servers.mirrors("links");
      Path workspace = Files.createDirectories(servers.repos.scratch("links-ws").resolve("w"));
      node.checkout(local, node.resolve(local, null), workspace, l -> {}, () -> false);
      assertThat(Files.readSymbolicLink(workspace.resolve("dist/evil.whl")))
          .hasToString("/etc/passwd");
      assertThat(Files.readSymbolicLink(workspace.resolve("root"))).hasToString("/");

      TestBuildContext context = new TestBuildContext(workspace);
      ArtifactCollector.forPatterns(
              workspace, List.of("dist/*.whl", "**/passwd", "root/**", "up/**", "dist/etc/**"))
          .collect(context);

      assertThat(context.stored()).containsOnlyKeys("dist/good.whl");
      assertThat(context.stored().get("dist/good.whl").text()).isEqualTo("wheel\n");
    }
  }
}

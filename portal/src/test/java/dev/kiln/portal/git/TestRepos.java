package dev.kiln.portal.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder of bare repositories, served by {@link GitSshServer} and {@link GitHttpServer}, and a
 * {@link Git} to make them and to act as the client in tests. Deleted on {@link #close()}.
 */
public final class TestRepos implements AutoCloseable {

  /** The folder that holds the bare repositories. */
  public final Path root;

  /** Git with a fixed environment, its {@code HOME} inside this folder. */
  public final Git git;

  private final Path dir;

  private TestRepos(Path dir) throws IOException {
    this.dir = dir;
    this.root = Files.createDirectories(dir.resolve("repos"));
    this.git = new Git(dir.resolve("home"));
  }

  /** Makes an empty folder of repositories in a new temporary folder. */
  public static TestRepos create() throws IOException {
    return new TestRepos(Files.createTempDirectory("kiln-git-"));
  }

  /**
   * Makes an empty bare repository {@code name}.git whose servers let clients fetch any commit a
   * branch or tag reaches by its SHA (the shallow fetch of one commit), but not unreachable ones.
   */
  public TestRepo create(String name) throws IOException, InterruptedException {
    Path path = root.resolve(name + ".git");
    git.ok(root, "init", "-q", "--bare", "-b", "main", path.toString());
    git.ok(path, "config", "uploadpack.allowReachableSHA1InWant", "true");
    return new TestRepo(name + ".git", path, git);
  }

  /** A new empty folder for a test's clones. */
  public Path scratch(String name) throws IOException {
    return Files.createDirectories(dir.resolve("scratch").resolve(name));
  }

  @Override
  public void close() throws IOException {
    LocalServer.deleteTree(dir);
  }
}

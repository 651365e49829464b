package dev.kiln.portal.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;

/**
 * A bare repository the test servers serve. Commits are written straight into it with git's
 * plumbing (no work tree), so a test can add a commit at any time, as a push would, and see a
 * server serve it at once.
 */
public final class TestRepo {

  /** Its folder name under the repositories folder, e.g. {@code app.git}. */
  public final String name;

  /** The bare repository itself; also a plain local repository to clone from. */
  public final Path path;

  private final Git git;

  TestRepo(String name, Path path, Git git) {
    this.name = name;
    this.path = path;
    this.git = git;
  }

  /** Adds {@code commit} on top of {@code branch} (creating the branch) and returns its SHA. */
  public String commit(String branch, TestCommit commit) throws IOException, InterruptedException {
    Path index = Files.createTempFile("kiln-git-index-", "");
    Files.delete(index);
    Map<String, String> env = Map.of("GIT_INDEX_FILE", index.toString());
    try {
      String parent = resolve("refs/heads/" + branch);
      if (parent != null) {
        git.ok(path, env, "read-tree", parent);
      }
      StringBuilder gitmodules = new StringBuilder(parent == null ? "" : gitmodules(parent));
      for (var entry : commit.entries().entrySet()) {
        String file = entry.getKey();
        switch (entry.getValue()) {
          case TestCommit.File f -> add(env, "100644", blob(f.content()), file);
          case TestCommit.Symlink s -> add(env, "120000", blob(s.target()), file);
          case TestCommit.Submodule s -> {
            add(env, "160000", s.commit(), file);
            gitmodules.append(
                "[submodule \"%s\"]\n\tpath = %s\n\turl = %s\n".formatted(file, file, s.url()));
          }
        }
      }
      if (!gitmodules.isEmpty()) {
        add(env, "100644", blob(gitmodules.toString()), ".gitmodules");
      }
      String tree = git.ok(path, env, "write-tree");
      List<String> args = new ArrayList<>(List.of("commit-tree", tree, "-m", commit.subject()));
      if (parent != null) {
        args.addAll(List.of("-p", parent));
      }
      String sha =
          git.ok(
              path,
              Git.author(commit.author(), commit.email(), commit.time()),
              args.toArray(String[]::new));
      git.ok(path, "update-ref", "refs/heads/" + branch, sha);
      return sha;
    } finally {
      Files.deleteIfExists(index);
    }
  }

  /**
   * Adds {@code commit} on top of {@code branch} as {@link #commit} does, with a line {@code Nonce:
   * N} added to its message so that its SHA starts with {@code prefix} (at most 5 hex digits: about
   * a million tries), for tests that search builds by commit prefix.
   */
  public String commitStartingWith(String branch, TestCommit commit, String prefix)
      throws IOException, InterruptedException {
    String plain = commit(branch, commit);
    String raw = git.ok(path, "cat-file", "commit", plain) + "\n";
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      for (int nonce = 0; nonce < 50_000_000; nonce++) {
        byte[] body = (raw + "\nNonce: " + nonce + "\n").getBytes(StandardCharsets.UTF_8);
        sha1.update(("commit " + body.length + "\0").getBytes(StandardCharsets.UTF_8));
        String sha = HexFormat.of().formatHex(sha1.digest(body));
        if (sha.startsWith(prefix)) {
          writeLooseObject(sha, "commit " + body.length + "\0", body);
          git.ok(path, "update-ref", "refs/heads/" + branch, sha, plain);
          return sha;
        }
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalArgumentException("no commit found starting with " + prefix);
  }

  private void writeLooseObject(String sha, String header, byte[] body) throws IOException {
    Path file = path.resolve("objects").resolve(sha.substring(0, 2)).resolve(sha.substring(2));
    Files.createDirectories(file.getParent());
    var bytes = new ByteArrayOutputStream();
    try (var out = new DeflaterOutputStream(bytes)) {
      out.write(header.getBytes(StandardCharsets.UTF_8));
      out.write(body);
    }
    Files.write(file, bytes.toByteArray());
  }

  /** Adds a lightweight tag pointing at {@code sha}. */
  public void tag(String tag, String sha) throws IOException, InterruptedException {
    git.ok(path, "update-ref", "refs/tags/" + tag, sha);
  }

  /** Adds an annotated tag object pointing at {@code sha} and returns the tag object's SHA. */
  public String annotatedTag(String tag, String sha, String message)
      throws IOException, InterruptedException {
    git.ok(
        path,
        Git.author("Kiln Tagger", "tagger@kiln.invalid", Instant.EPOCH),
        "tag",
        "-a",
        "-m",
        message,
        tag,
        sha);
    return resolve("refs/tags/" + tag);
  }

  /**
   * Points {@code branch} at {@code sha}, as a force-push does: commits after it become
   * unreachable, yet stay in the object store until {@link #collectGarbage()}, as on a real server.
   * Over protocol v2 (git's default) a client can still fetch them by SHA until then.
   */
  public void forcePush(String branch, String sha) throws IOException, InterruptedException {
    git.ok(path, "update-ref", "refs/heads/" + branch, sha);
  }

  /** Deletes unreachable objects now, as a server's garbage collection does eventually. */
  public void collectGarbage() throws IOException, InterruptedException {
    git.ok(path, "reflog", "expire", "--expire=now", "--all");
    git.ok(path, "gc", "-q", "--prune=now");
  }

  /** The SHA a ref points to, or null when it does not exist. */
  public String resolve(String ref) throws IOException, InterruptedException {
    Git.Result result = git.run(path, Map.of(), "rev-parse", "--verify", "--quiet", ref);
    return result.exit() == 0 ? result.line() : null;
  }

  private String gitmodules(String commit) throws IOException, InterruptedException {
    Git.Result result = git.run(path, Map.of(), "show", commit + ":.gitmodules");
    return result.exit() == 0 ? result.out() : "";
  }

  private String blob(String content) throws IOException, InterruptedException {
    Path file = Files.createTempFile("kiln-git-blob-", "");
    try {
      Files.writeString(file, content);
      return git.ok(path, "hash-object", "-w", file.toString());
    } finally {
      Files.delete(file);
    }
  }

  private void add(Map<String, String> env, String mode, String sha, String file)
      throws IOException, InterruptedException {
    git.ok(path, env, "update-index", "--add", "--cacheinfo", mode + "," + sha + "," + file);
  }
}

package dev.kiln.portal.source;

import dev.kiln.portal.source.SourceException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * This node's bare mirrors, one per repository address, in a folder named by the address's SHA-256.
 * Commits are fetched into a mirror shallow ({@code --depth 1}) and by SHA, each kept by a ref
 * {@code refs/kiln/<sha>} so that the next fetch sends only new objects. Fetches into one mirror
 * take its lock (a lock in this JVM and a file lock for other processes), so two builds of one
 * repository never write it at once; readers need none, as mirrors never run gc. While git fetches,
 * the mirror's size is watched and the fetch stopped past {@code kiln.sources.max-size}.
 */
final class MirrorStore {

  private final Path root;
  private final long maxSize;
  private final GitProcess git;

  MirrorStore(Path root, long maxSize, GitProcess git) {
    this.root = root;
    this.maxSize = maxSize;
    this.git = git;
  }

  /** The mirror folder of {@code url}. */
  Path of(GitUrl url) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(url.text().getBytes(StandardCharsets.UTF_8));
      return root.resolve(HexFormat.of().formatHex(hash, 0, 20));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Makes sure {@code sha} is in {@code url}'s mirror, fetching it when missing; logs what it did.
   */
  Path fetch(
      GitUrl url,
      GitAccess access,
      GitCredential credential,
      String sha,
      Consumer<String> log,
      GitProcess.Limits limits)
      throws SourceException, InterruptedException {
    Path mirror = of(url);
    MirrorLock.locked(
        mirror,
        () -> {
          create(mirror);
          if (has(mirror, sha)) {
            log.accept("Commit " + sha.substring(0, 12) + " is already in this node's mirror.");
            return;
          }
          long start = System.nanoTime();
          long sizeBefore = MirrorLock.size(mirror);
          GitProcess.Result result =
              git.run(
                  mirror,
                  access.env(),
                  url.protocol(),
                  new GitProcess.Limits(limits.cancelled(), () -> tooLarge(mirror)),
                  List.of(
                      "-c",
                      "http.lowSpeedLimit=1000",
                      "-c",
                      "http.lowSpeedTime=60",
                      "fetch",
                      "--progress",
                      "--depth",
                      "1",
                      "--no-tags",
                      "--no-write-fetch-head",
                      "--",
                      url.text(),
                      "+" + sha + ":refs/kiln/" + sha));
          if (result.exit() != 0) {
            throw GitErrors.of(result, url, credential, sha, access);
          }
          SourceException over = tooLarge(mirror);
          if (over != null) {
            throw over; // finished between two looks at its size
          }
          log.accept(
              Progress.fetched(
                  result.err(),
                  MirrorLock.size(mirror) - sizeBefore,
                  sha,
                  System.nanoTime() - start));
        });
    return mirror;
  }

  /** Whether the mirror holds commit {@code sha}. */
  boolean has(Path mirror, String sha) throws SourceException, InterruptedException {
    return Files.isDirectory(mirror)
        && git.run(
                    mirror,
                    Map.of(),
                    "",
                    GitProcess.Limits.NONE,
                    List.of("cat-file", "-e", sha + "^{commit}"))
                .exit()
            == 0;
  }

  /** The commit {@code sha} in {@code mirror}, asked for by {@code ref}. */
  ResolvedCommit describe(Path mirror, String ref, String sha)
      throws SourceException, InterruptedException {
    GitProcess.Result show =
        git.run(
            mirror,
            Map.of(),
            "",
            GitProcess.Limits.NONE,
            List.of("show", "-s", "--format=%H%x00%s%x00%an <%ae>%x00%ct", sha));
    String[] fields = show.out().strip().split("\0", -1);
    if (show.exit() != 0 || fields.length != 4 || !fields[0].equals(sha)) {
      throw new SourceException(Problem.FAILED, "Could not read commit " + sha + " in the mirror.");
    }
    return new ResolvedCommit(
        ref, fields[0], fields[1], fields[2], Instant.ofEpochSecond(Long.parseLong(fields[3])));
  }

  private SourceException tooLarge(Path mirror) {
    long size = MirrorLock.size(mirror);
    if (size <= maxSize) {
      return null;
    }
    return new SourceException(
        Problem.TOO_LARGE,
        "The repository is larger than this node allows: its mirror passed "
            + Progress.size(maxSize)
            + " (kiln.sources.max-size) and the fetch was stopped. Ask the admin to raise the"
            + " limit, or make the repository smaller.");
  }

  private void create(Path mirror) throws SourceException, InterruptedException, IOException {
    if (Files.exists(mirror.resolve("HEAD"))) {
      return;
    }
    Files.createDirectories(mirror);
    GitProcess.Result init =
        git.run(
            mirror,
            Map.of(),
            "",
            GitProcess.Limits.NONE,
            List.of("init", "-q", "--bare", "--template=", "."));
    if (init.exit() != 0) {
      throw new SourceException(
          Problem.FAILED, "Could not create the mirror: " + init.err().strip());
    }
    // Readers copy from the mirror without its lock: nothing may ever delete its objects.
    git.run(mirror, Map.of(), "", GitProcess.Limits.NONE, List.of("config", "gc.auto", "0"));
  }
}

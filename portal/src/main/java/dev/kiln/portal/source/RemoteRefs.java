package dev.kiln.portal.source;

import dev.kiln.portal.source.SourceException.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the commit a build asks for: a branch, tag or full ref through {@code git ls-remote} (a tag
 * peeled to its commit), a full SHA as given, a short SHA among the commits the mirror holds. A
 * name that is both a branch and a tag is refused as ambiguous rather than guessed.
 */
final class RemoteRefs {

  /** The full ref asked by (null for a SHA) and the commit's SHA. */
  record Found(String ref, String sha) {}

  private final GitProcess git;

  RemoteRefs(GitProcess git) {
    this.git = git;
  }

  /** The commit {@code requested} names in {@code url} (null: the default branch). */
  Found find(GitUrl url, GitSource source, GitAccess access, String requested, Path mirror)
      throws SourceException, InterruptedException {
    List<String> candidates = new ArrayList<>();
    String missing;
    if (requested == null) {
      String branch = GitRefs.checkName(source.defaultBranch(), "default branch");
      candidates.add(branch.startsWith("refs/") ? branch : "refs/heads/" + branch);
      missing = "The default branch '" + branch + "' is not in the repository.";
    } else if (GitRefs.isFullSha(requested.toLowerCase(Locale.ROOT))) {
      return new Found(null, requested.toLowerCase(Locale.ROOT));
    } else {
      GitRefs.checkName(requested, "branch, tag or commit");
      if (requested.startsWith("refs/")) {
        candidates.add(requested);
      } else {
        candidates.add("refs/heads/" + requested);
        candidates.add("refs/tags/" + requested);
      }
      missing = "There is no branch or tag named '" + requested + "' in the repository.";
    }
    Map<String, String> remote = listRemote(url, source, access, candidates);
    List<Found> found = new ArrayList<>();
    for (String ref : candidates) {
      String sha = remote.getOrDefault(ref + "^{}", remote.get(ref));
      if (sha != null) {
        found.add(new Found(ref, sha));
      }
    }
    if (found.size() > 1) {
      throw new SourceException(
          Problem.REF_MISSING,
          "'"
              + requested
              + "' is both a branch and a tag: ask for refs/heads/"
              + requested
              + " or refs/tags/"
              + requested
              + ".");
    }
    if (!found.isEmpty()) {
      return found.get(0);
    }
    if (requested != null && GitRefs.looksLikeSha(requested)) {
      return new Found(null, shortSha(mirror, requested.toLowerCase(Locale.ROOT)));
    }
    throw new SourceException(Problem.REF_MISSING, missing);
  }

  private Map<String, String> listRemote(
      GitUrl url, GitSource source, GitAccess access, List<String> candidates)
      throws SourceException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("ls-remote", "--", url.text()));
    for (String ref : candidates) {
      args.add(ref);
      args.add(ref + "^{}"); // ls-remote lists a tag's commit only when asked by this name
    }
    GitProcess.Result result =
        git.run(git.home(), access.env(), url.protocol(), GitProcess.Limits.NONE, args);
    if (result.exit() != 0) {
      throw GitErrors.of(result, url, source.credential(), null, access);
    }
    Map<String, String> refs = new HashMap<>();
    for (String line : result.out().split("\n")) {
      String[] fields = line.split("\t");
      if (fields.length == 2 && GitRefs.isFullSha(fields[0])) {
        refs.put(fields[1], fields[0]);
      }
    }
    return refs;
  }

  private String shortSha(Path mirror, String prefix) throws SourceException, InterruptedException {
    if (Files.isDirectory(mirror)) {
      GitProcess.Result result =
          git.run(
              mirror,
              Map.of(),
              "",
              GitProcess.Limits.NONE,
              List.of("rev-parse", "--verify", "--quiet", prefix + "^{commit}"));
      if (result.exit() == 0 && GitRefs.isFullSha(result.out().strip())) {
        return result.out().strip();
      }
    }
    throw new SourceException(
        Problem.COMMIT_MISSING,
        "No branch, tag or known commit is named '"
            + prefix
            + "': give the commit's full"
            + " 40-character SHA.");
  }
}

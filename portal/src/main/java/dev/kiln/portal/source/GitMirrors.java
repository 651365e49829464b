package dev.kiln.portal.source;

import dev.kiln.portal.database.EmbeddedDatabaseCondition;
import dev.kiln.portal.source.SourceException.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * A runner's way to a project's sources: resolves what a build asked for to one commit, and checks
 * that commit out into the build's workspace through this node's mirror of the repository (see
 * {@link MirrorStore}, {@link WorkspaceCheckout}). Every address and ref is checked first ({@link
 * GitUrl}, {@link GitRefs}, {@link OutboundGuard}); credentials live only in git's environment for
 * the length of a call ({@link GitAccess}); failures come back as {@link SourceException}s in words
 * ({@link GitErrors}).
 */
@Component
public class GitMirrors {

  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(60);

  private final SourceProperties rules;
  private final GitProcess git;
  private final MirrorStore mirrors;
  private final RemoteRefs refs;
  private final RemoteRefs quickRefs;
  private final WorkspaceCheckout workspaces;
  private final Submodules submodules;

  /** The node's mirrors; local paths allowed by default with the embedded database only. */
  @Autowired
  public GitMirrors(SourceProperties properties, Environment environment) {
    this(properties.withLocalPathsDefault(EmbeddedDatabaseCondition.isEmbedded(environment)));
  }

  /** Mirrors with these settings (an unset {@code allowLocalPaths} refuses local paths). */
  public GitMirrors(SourceProperties properties) {
    this.rules = properties.withLocalPathsDefault(false);
    this.git = new GitProcess(rules.mirrorDir().resolve(".home"), rules.timeout());
    this.mirrors = new MirrorStore(rules.mirrorDir(), rules.maxSize().toBytes(), git);
    this.refs = new RemoteRefs(git);
    // "Check access" waits on a person: an unanswering host must not hold the form for long.
    this.quickRefs =
        new RemoteRefs(new GitProcess(rules.mirrorDir().resolve(".home"), CHECK_TIMEOUT));
    this.workspaces = new WorkspaceCheckout(git);
    this.submodules = new Submodules(git, rules);
  }

  /**
   * The commit {@code requested} names, fetched into this node's mirror: null for the default
   * branch, a branch or tag name, a full ref ({@code refs/heads/x}, {@code refs/tags/y}), or a
   * commit SHA (a short one only when this node fetched that commit before).
   */
  public ResolvedCommit resolve(GitSource source, String requested)
      throws SourceException, InterruptedException {
    GitUrl url = address(source);
    try (GitAccess access = open(url, source)) {
      RemoteRefs.Found found = refs.find(url, source, access, requested, mirrors.of(url));
      Path mirror =
          mirrors.fetch(
              url, access, source.credential(), found.sha(), line -> {}, GitProcess.Limits.NONE);
      return mirrors.describe(mirror, found.ref(), found.sha());
    }
  }

  /**
   * Checks {@code commit} out into {@code workspace}, an existing empty folder, fetching it into
   * the mirror first when it is not there (a retry on another node). Logs progress lines; stops git
   * when {@code cancelled} turns true.
   */
  public void checkout(
      GitSource source,
      ResolvedCommit commit,
      Path workspace,
      Consumer<String> log,
      BooleanSupplier cancelled)
      throws SourceException, InterruptedException {
    GitUrl url = address(source);
    String sha = GitRefs.fullSha(commit.sha());
    GitProcess.Limits limits = new GitProcess.Limits(cancelled, () -> null);
    try (GitAccess access = open(url, source)) {
      Consumer<String> redacted = line -> log.accept(access.redact(line));
      Path mirror = mirrors.fetch(url, access, source.credential(), sha, redacted, limits);
      workspaces.into(workspace, mirror, url, sha, redacted, limits);
      if (source.submodules()) {
        submodules.update(workspace, url, source.credential(), access, redacted, limits);
      }
    }
  }

  /**
   * Whether this node can read the repository and its default branch: null when it can, else the
   * problem in words. Reads only the remote's refs, within 60 seconds; fetches nothing.
   */
  public String check(GitSource source) {
    try {
      defaultBranchTip(source);
      return null;
    } catch (SourceException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "The check was interrupted.";
    }
  }

  /**
   * The commit the default branch is at, from the remote's refs alone (within 60 seconds): what
   * "Check access" shows.
   *
   * @throws SourceException in words, as {@link #check} gives them
   */
  public String defaultBranchTip(GitSource source) throws SourceException, InterruptedException {
    GitUrl url = address(source);
    try (GitAccess access = open(url, source)) {
      return quickRefs.find(url, source, access, null, mirrors.of(url)).sha();
    }
  }

  private GitUrl address(GitSource source) throws SourceException {
    if (source == null) {
      throw new SourceException(Problem.REFUSED_INPUT, "The project has no repository.");
    }
    GitUrl url = GitUrl.parse(source.repository(), rules);
    OutboundGuard.check(url, rules);
    return url;
  }

  private GitAccess open(GitUrl url, GitSource source) throws SourceException {
    return GitAccess.open(url, source.credential(), rules.mirrorDir().resolve("known_hosts"));
  }

  /**
   * Why {@code repository} cannot be a project's repository on this installation, in words; null
   * when it can. Checks the address's form and this installation's rules (local paths, plain http);
   * reads no network: the address's host is checked when a runner fetches.
   */
  public String addressProblem(String repository) {
    try {
      GitUrl.parse(repository, rules);
      return null;
    } catch (SourceException e) {
      return e.getMessage();
    }
  }

  /**
   * Whether {@code repository} is an SSH address, which a deploy key opens (a token the others).
   */
  public boolean isSsh(String repository) {
    return GitUrl.isSsh(repository);
  }

  /** Whether a valid {@code repository} is a local path, which takes no credential. */
  public boolean isLocal(String repository) {
    try {
      return GitUrl.parse(repository, rules).kind() == GitUrl.Kind.LOCAL;
    } catch (SourceException e) {
      return false;
    }
  }
}

package dev.kiln.portal.build;

import dev.kiln.portal.build.domain.Artifact;
import dev.kiln.portal.build.domain.ArtifactRepository;
import dev.kiln.portal.build.domain.Build;
import dev.kiln.portal.build.domain.BuildRepository;
import dev.kiln.portal.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PostAuthorize;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Builds for users: reading, cancelling, and their logs and artifacts, each method checked against
 * the user's role in the build's project. Queueing is the project feature's ({@code
 * ProjectService.runNow}); system callers use {@link SystemBuilds}.
 */
@Service
@Transactional
public class BuildService {

  private static final Logger log = LoggerFactory.getLogger(BuildService.class);

  private final BuildRepository builds;
  private final ArtifactRepository artifacts;
  private final BuildCancels cancels;
  private final BuildClaims claims;
  private final BuildLogs logs;
  private final BlobStore store;
  private final Clock clock;

  BuildService(
      BuildRepository builds,
      ArtifactRepository artifacts,
      BuildCancels cancels,
      BuildClaims claims,
      BuildLogs logs,
      BlobStore store,
      Clock clock) {
    this.builds = builds;
    this.artifacts = artifacts;
    this.cancels = cancels;
    this.claims = claims;
    this.logs = logs;
    this.store = store;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayViewBuild(#id)")
  @PostAuthorize(
      "returnObject.isEmpty() or @projectAccess.may(returnObject.get().projectId(), T(dev.kiln.portal.access.ProjectRole).VIEWER)")
  public Optional<BuildInfo> find(long id) {
    return builds.findById(id).map(Build::toInfo);
  }

  /**
   * What the build's script received beyond its secrets: its parameters, and the variables Kiln set
   * from its trigger ({@code WEBHOOK_REF}…); empty for a build that is gone.
   */
  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayViewBuild(#id)")
  public Map<String, String> parameters(long id) {
    return Collections.unmodifiableMap(
        new TreeMap<>(builds.findById(id).map(Build::getParameters).orElse(Map.of())));
  }

  /** The build queued to run {@code id} again after it was lost with its node, if there is one. */
  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayViewBuild(#id)")
  public Optional<BuildInfo> retriedAs(long id) {
    return builds.findFirstByRetryOf(id).map(Build::toInfo);
  }

  /** The builds that build {@code id} again (Rebuild), oldest first. */
  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayViewBuild(#id)")
  public List<BuildInfo> rebuiltAs(long id) {
    return builds.findRebuildsOf(id).stream().map(Build::toInfo).toList();
  }

  /** A page of a project's builds, newest first. */
  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayView(#projectId)")
  public List<BuildInfo> history(long projectId, Pageable page) {
    return builds.findByProjectIdOrderByNumberDesc(projectId, page).stream()
        .map(Build::toInfo)
        .toList();
  }

  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayView(#projectId)")
  public long countHistory(long projectId) {
    return builds.countByProjectId(projectId);
  }

  /** Where a queued build stands: runners take higher priorities first, then the oldest. */
  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayViewBuild(#buildId)")
  public Optional<QueuePosition> queuePosition(long buildId) {
    long ahead = builds.countQueuedUpTo(buildId);
    return ahead == 0
        ? Optional.empty()
        : Optional.of(new QueuePosition((int) ahead, (int) builds.countQueued()));
  }

  /** The queue across all projects, in the order runners take it; for admins. */
  @Transactional(readOnly = true)
  @PreAuthorize("hasRole('ADMIN')")
  public List<BuildInfo> queue(Pageable page) {
    return builds.findQueued(page).stream().map(Build::toInfo).toList();
  }

  /**
   * Starts as many builds waiting for this instance's limit as it has room for now: called when an
   * admin changed the limit, in the same transaction, so a raised limit takes effect at once rather
   * than at the next sweep.
   */
  @PreAuthorize("hasRole('ADMIN')")
  public void offerWaiting(long instanceId) {
    claims.releaseWaiting(instanceId);
  }

  /** How many builds are queued across all projects; for admins. */
  @Transactional(readOnly = true)
  @PreAuthorize("hasRole('ADMIN')")
  public long queuedCount() {
    return builds.countQueued();
  }

  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayViewBuild(#buildId)")
  public List<ArtifactInfo> artifacts(long buildId) {
    return artifacts.findByBuildIdOrderByPath(buildId).stream().map(Artifact::toInfo).toList();
  }

  /**
   * Stops a build: a queued one never starts, a running one is asked to stop wherever it runs.
   *
   * @return a sentence for the user saying what happened
   */
  @PreAuthorize("@projectAccess.mayChangeBuild(#buildId)") // viewers may only look
  public String cancel(long buildId, String by) {
    return cancels.cancel(buildId, by);
  }

  /** The number of log chunks stored so far. */
  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayViewBuild(#buildId)")
  public int logChunks(long buildId) {
    return builds.findById(buildId).map(Build::getLogChunks).orElse(0);
  }

  /** The whole log, streamed. */
  @PreAuthorize("@projectAccess.mayViewBuild(#buildId)")
  public InputStream openLog(long buildId) {
    return logs.full(buildId, builds.findById(buildId).map(Build::getLogChunks).orElse(0));
  }

  /** An artifact's content, streamed. */
  @PreAuthorize("@projectAccess.mayViewBuild(#buildId)")
  public InputStream openArtifact(long buildId, String path) throws IOException {
    if (artifacts.findByBuildIdAndPath(buildId, path).isEmpty()) {
      throw new BlobStore.BlobNotFoundException(path);
    }
    return store.open(ArtifactRecorder.key(buildId, path));
  }

  /**
   * Forgets a project's builds as the project is deleted: the database removes their rows with the
   * project, and their logs and artifacts are removed from storage once that has committed.
   *
   * @throws IllegalStateException when some build of the project is queued or running
   */
  @PreAuthorize("@projectAccess.mayOwn(#projectId)")
  public void discardAllOf(long projectId) {
    long active = builds.countActive(projectId);
    if (active > 0) {
      throw new IllegalStateException(
          active
              + (active == 1 ? " build is" : " builds are")
              + " queued or running."
              + " Cancel them or let them finish, then delete the project.");
    }
    List<Long> ids = builds.findIdsByProjectId(projectId);
    AfterCommit.run(
        () -> {
          for (long id : ids) {
            try {
              store.deleteAll("builds/" + id + "/");
            } catch (IOException | RuntimeException e) {
              log.warn(
                  "Could not remove the stored files of build {} of deleted project {}: {}",
                  id,
                  projectId,
                  e.getMessage());
            }
          }
        });
  }

  void recordArtifact(long buildId, String path, long size, String sha256) {
    artifacts.deleteByBuildIdAndPath(buildId, path);
    artifacts.save(new Artifact(buildId, path, size, sha256, clock.instant()));
  }

  /**
   * A queued build's place.
   *
   * @param position 1 for the next build a free runner takes
   * @param queued how many builds are queued in all
   */
  public record QueuePosition(int position, int queued) {}
}

package dev.kiln.portal.project;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.base.OneShotJobs;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * "Check access" on the project form: asks a runner node (only runners may open credentials) to try
 * a draft's repository, and gives its answer to the user who asked, or says that no runner answered
 * in time.
 */
@Service
public class RepositoryChecks {

  /** Who may check: those who may create a project, or change the one checked. */
  static final String MAY_CHECK =
      "#projectId == null ? " + ProjectService.CREATE + " : @projectAccess.mayChange(#projectId)";

  static final String GROUP = "repository-checks";

  private final RepositoryCheckRows rows;
  private final SourceDraftCheck sources;
  private final Scheduler scheduler;
  private final AuditLog audit;
  private final Clock clock;
  private final Duration bound;

  RepositoryChecks(
      RepositoryCheckRows rows,
      SourceDraftCheck sources,
      Scheduler scheduler,
      AuditLog audit,
      Clock clock,
      @Value("${kiln.sources.check-wait:60s}") Duration bound) {
    this.rows = rows;
    this.sources = sources;
    this.scheduler = scheduler;
    this.audit = audit;
    this.clock = clock;
    this.bound = bound;
  }

  /**
   * Asks a runner to try the repository of a draft.
   *
   * @param projectId the project whose secrets the credential may be, or null for a new project
   *     (global secrets only)
   * @return the check's id, for {@link #answer}
   * @throws InvalidProjectException when the address, branch or credential name is refused, under
   *     its field; nothing is asked then
   */
  @Transactional
  @PreAuthorize(MAY_CHECK)
  public long request(Long projectId, ProjectSource source) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (!source.present()) {
      problems.put(InvalidProjectException.REPOSITORY, "Give the repository's address first.");
    }
    sources.check(source, List.of(), problems);
    if (!problems.isEmpty()) {
      throw new InvalidProjectException(problems);
    }
    String user = SecurityContextHolder.getContext().getAuthentication().getName();
    rows.removeOlderThan(clock.instant().minus(Duration.ofDays(1)));
    long id = rows.insert(projectId, source, user, clock.instant());
    audit.record(
        AuditEvent.of(AuditAction.PROJECT_REPOSITORY_CHECKED, "project", projectId, null)
            .inProject(projectId)
            .detail(
                source.repository()
                    + "; branch "
                    + (source.defaultBranch().isEmpty() ? "default" : source.defaultBranch())
                    + "; credential "
                    + (source.credentialSecret().isEmpty() ? "none" : source.credentialSecret())));
    schedule(id);
    return id;
  }

  /**
   * The runner's answer to one's own check; empty while none has come and the wait is not over.
   *
   * @throws NoSuchElementException when the check is not one the current user asked for
   */
  @Transactional(readOnly = true)
  @PreAuthorize("isAuthenticated()")
  public Optional<RepositoryAccess> answer(long checkId) {
    String user = SecurityContextHolder.getContext().getAuthentication().getName();
    var row =
        rows.find(checkId)
            .filter(r -> r.requestedBy().equals(user))
            .orElseThrow(() -> new NoSuchElementException("No such check."));
    if (row.answer() != null) {
      return Optional.of(row.answer());
    }
    if (clock.instant().isAfter(row.requestedAt().plus(bound))) {
      return Optional.of(
          RepositoryAccess.problem(
              "No runner node answered within "
                  + bound.toSeconds()
                  + " s: only runner nodes may open credentials. Check on the Nodes page that a"
                  + " node with the runner role is up, then try again."));
    }
    return Optional.empty();
  }

  private void schedule(long id) {
    OneShotJobs.runOnce(
        scheduler,
        RepositoryCheckJob.class,
        GROUP,
        String.valueOf(id),
        RepositoryCheckJob.CHECK_ID,
        id,
        "a check");
  }
}

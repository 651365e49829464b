package dev.kiln.portal.project;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.SecretsApprovals;
import dev.kiln.portal.build.SecretsPolicy;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * "Approve with secrets": an owner, having read a fork's pull request, lets its commit have the
 * project's secrets. The approval queues a rebuild of that build's commit, which gets them; the
 * build itself already ran without. A rebuild rather than releasing a held build: the fork's build
 * still runs at once without secrets (the feedback a contributor waits for), nothing new can wait
 * forever in the queue, and the approval is tied to the one commit the owner read, since the
 * rebuild records that commit; a new push to the pull request is a new build without secrets.
 */
@Service
@Transactional
class ProjectSecretsApprovals implements SecretsApprovals {

  private final Rebuilds rebuilds;
  private final AuditLog audit;

  ProjectSecretsApprovals(Rebuilds rebuilds, AuditLog audit) {
    this.rebuilds = rebuilds;
    this.audit = audit;
  }

  /**
   * Only owners of the project (and admins) may: maintainers run builds, but deciding that code
   * from outside may read the project's secrets is the owners' call.
   */
  @Override
  @PreAuthorize("@projectAccess.mayOwnBuild(#buildId)")
  public long approve(long buildId) {
    BuildInfo old = rebuilds.ended(buildId);
    if (!old.secrets().withheld()) {
      throw new IllegalStateException(
          "Build #"
              + old.number()
              + " was given its secrets: only a pull request from a fork, built without them,"
              + " needs an owner's approval.");
    }
    String owner = SecurityContextHolder.getContext().getAuthentication().getName();
    long approved =
        rebuilds.again(
            old,
            "approved with secrets by " + owner + ": rebuild of #" + old.number(),
            SecretsPolicy.approvedBy(owner));
    audit.record(
        AuditEvent.of(
                AuditAction.BUILD_SECRETS_APPROVED,
                "build",
                buildId,
                old.projectName() + " #" + old.number())
            .inProject(old.projectId())
            .detail(
                "commit "
                    + old.revision().commit()
                    + " of "
                    + old.revision().ref()
                    + "; rebuilt with secrets as build id "
                    + approved));
    return approved;
  }
}

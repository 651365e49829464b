package dev.kiln.portal.build.domain;

import dev.kiln.portal.base.TextRules;
import dev.kiln.portal.build.BuildSource;
import dev.kiln.portal.build.BuildSpec;
import dev.kiln.portal.build.Revision;
import dev.kiln.portal.build.SecretsPolicy;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;

/**
 * A build's repository and the commit it builds, as stored, whether it gets secrets (not a fork's
 * unapproved code), and the build it rebuilds. The commit columns of a queued build are written
 * once, by a conditional update ({@link BuildRepository#recordRevision}), never through this class.
 */
@Embeddable
public class RevisionColumns {

  /** A build without a repository, as builds queued before repositories read. */
  static final RevisionColumns NONE = new RevisionColumns();

  @Column(name = "repository_url", length = 500)
  private String repositoryUrl;

  @Column(name = "credential_secret", length = 64)
  private String credentialSecret;

  private boolean submodules;

  @Column(name = "requested_ref", length = 255)
  private String requestedRef;

  @Column(name = "git_ref", length = 255)
  private String gitRef;

  @Column(name = "git_commit", length = 40)
  private String gitCommit;

  @Column(name = "commit_subject", length = 300)
  private String commitSubject;

  @Column(name = "commit_author", length = 300)
  private String commitAuthor;

  @Column(name = "commit_time")
  private Instant commitTime;

  @Column(name = "rebuild_of")
  private Long rebuildOf;

  @Column(name = "secrets_withheld")
  private boolean secretsWithheld;

  @Column(name = "secrets_approved_by", length = 100)
  private String secretsApprovedBy;

  protected RevisionColumns() {}

  RevisionColumns(BuildSpec spec) {
    BuildSource source = spec.source();
    Revision revision = spec.trigger().revision();
    this.repositoryUrl = source.present() ? source.repository() : null;
    this.credentialSecret = source.credentialSecret();
    this.submodules = source.submodules();
    this.requestedRef = revision.requested();
    this.gitRef = revision.ref();
    this.gitCommit = revision.commit();
    this.commitSubject = TextRules.clip(revision.subject(), 300);
    this.commitAuthor = TextRules.clip(revision.author(), 300);
    this.commitTime = revision.time();
    this.rebuildOf = spec.trigger().rebuildOf();
    this.secretsWithheld = spec.trigger().secrets().withheld();
    this.secretsApprovedBy = spec.trigger().secrets().approvedBy();
  }

  /** The repository it checks out, or {@link BuildSource#NONE}. */
  public BuildSource source() {
    return new BuildSource(repositoryUrl, credentialSecret, submodules);
  }

  /** What it builds: asked for, and resolved once it started. */
  public Revision revision() {
    return new Revision(requestedRef, gitRef, gitCommit, commitSubject, commitAuthor, commitTime);
  }

  /** Whether it gets its secrets: not when it builds a fork's code no owner approved. */
  public SecretsPolicy secrets() {
    return new SecretsPolicy(secretsWithheld, secretsApprovedBy);
  }

  /** The build it builds again, or {@code null}. */
  public Long rebuildOf() {
    return rebuildOf;
  }
}

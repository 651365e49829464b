package dev.kiln.portal.project.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.Arrays;
import java.util.List;

/**
 * A project's git repository as stored: where it is, which branch builds by default, the secret
 * that opens it, and which webhook pushes build. Every field is empty for a project without one.
 */
@Embeddable
public class SourceColumns {

  /** Column lengths, in characters; validation takes its limits from here. */
  public static final int URL_LENGTH = 500, REF_LENGTH = 255, PATTERNS_LENGTH = 2000;

  @Column(name = "repository_url", length = URL_LENGTH)
  private String repositoryUrl;

  @Column(name = "default_branch", length = REF_LENGTH)
  private String defaultBranch;

  @Column(name = "credential_secret", length = 64)
  private String credentialSecret;

  private boolean submodules;

  @Column(name = "branch_patterns", length = PATTERNS_LENGTH)
  private String branchPatterns = "";

  @Column(name = "tag_patterns", length = PATTERNS_LENGTH)
  private String tagPatterns = "";

  @Column(name = "pull_requests")
  private boolean pullRequests;

  protected SourceColumns() {}

  public SourceColumns(
      String repositoryUrl,
      String defaultBranch,
      String credentialSecret,
      boolean submodules,
      List<String> branchPatterns,
      List<String> tagPatterns,
      boolean pullRequests) {
    this.repositoryUrl = repositoryUrl;
    this.defaultBranch = defaultBranch;
    this.credentialSecret = credentialSecret;
    this.submodules = submodules;
    this.branchPatterns = String.join("\n", branchPatterns);
    this.tagPatterns = String.join("\n", tagPatterns);
    this.pullRequests = pullRequests;
  }

  /** No repository. */
  public static SourceColumns none() {
    return new SourceColumns();
  }

  public String getRepositoryUrl() {
    return repositoryUrl;
  }

  public String getDefaultBranch() {
    return defaultBranch;
  }

  public String getCredentialSecret() {
    return credentialSecret;
  }

  public boolean isSubmodules() {
    return submodules;
  }

  public List<String> getBranchPatterns() {
    return lines(branchPatterns);
  }

  public List<String> getTagPatterns() {
    return lines(tagPatterns);
  }

  public boolean isPullRequests() {
    return pullRequests;
  }

  private static List<String> lines(String joined) {
    return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split("\n"));
  }
}

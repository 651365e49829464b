package dev.kiln.portal.project;

import dev.kiln.portal.project.domain.Project;
import dev.kiln.portal.project.domain.SourceColumns;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A project as the UI shows it; {@code secretNames} are the secrets its builds receive.
 *
 * @param priority from -10 to 10: its queued builds are taken before those of lower priority
 * @param retries how many times a build lost with its node runs again
 * @param parameters the parameters its triggers may give values for
 * @param source its git repository, or {@link ProjectSource#NONE}
 */
public record ProjectInfo(
    long id,
    String name,
    String description,
    String builderId,
    Long instanceId,
    String script,
    List<String> artifactPatterns,
    Duration timeout,
    List<String> secretNames,
    Instant updatedAt,
    int priority,
    int retries,
    List<ParameterDeclaration> parameters,
    ProjectSource source) {

  static ProjectInfo of(Project p) {
    return new ProjectInfo(
        p.getId(),
        p.getName(),
        p.getDescription(),
        p.getBuilderId(),
        p.getBuilderInstanceId(),
        p.getScript(),
        p.getArtifactPatterns(),
        p.getTimeout(),
        p.getSecretNames(),
        p.getUpdatedAt(),
        p.getPriority(),
        p.getRetries(),
        ParameterDeclarations.read(p.getParametersJson()),
        source(p.getSource()));
  }

  static ProjectSource source(SourceColumns s) {
    return new ProjectSource(
        s.getRepositoryUrl(),
        s.getDefaultBranch(),
        s.getCredentialSecret(),
        s.isSubmodules(),
        s.getBranchPatterns(),
        s.getTagPatterns(),
        s.isPullRequests());
  }
}

package dev.kiln.portal.project;

import dev.kiln.portal.build.BuildNumbers;
import dev.kiln.portal.project.domain.Project;
import dev.kiln.portal.project.domain.ProjectRepository;
import java.util.OptionalInt;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A project's build numbers and retries, for builds queued by a trigger or again after they were
 * lost. Runs in its caller's transaction: the number is the queued build's, and both commit
 * together.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class ProjectBuildNumbers implements BuildNumbers {

  private final ProjectRepository projects;

  ProjectBuildNumbers(ProjectRepository projects) {
    this.projects = projects;
  }

  @Override
  public OptionalInt take(long projectId) {
    return projects
        .findForUpdate(projectId)
        .map(p -> OptionalInt.of(p.takeBuildNumber()))
        .orElse(OptionalInt.empty());
  }

  @Override
  public int retries(long projectId) {
    return projects.findById(projectId).map(Project::getRetries).orElse(0);
  }
}

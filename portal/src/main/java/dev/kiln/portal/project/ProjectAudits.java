package dev.kiln.portal.project;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.project.domain.Project;

/** What the audit log records of a project when it is created, changed or deleted. */
final class ProjectAudits {

  private ProjectAudits() {}

  /**
   * The secret names are recorded because adding one to a project hands its value to the project's
   * builds; the parameter names because each is a variable a trigger may now set.
   */
  static AuditEvent event(AuditAction action, Project p) {
    var parameters =
        ParameterDeclarations.read(p.getParametersJson()).stream()
            .map(ParameterDeclaration::name)
            .toList();
    return AuditEvent.of(action, "project", p.getId(), p.getName())
        .inProject(p.getId())
        .detail(
            "builder "
                + p.getBuilderId()
                + "; secrets: "
                + (p.getSecretNames().isEmpty() ? "none" : String.join(", ", p.getSecretNames()))
                + (parameters.isEmpty() ? "" : "; parameters: " + String.join(", ", parameters)));
  }
}

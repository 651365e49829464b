package dev.kiln.portal.project.ui;

import dev.kiln.portal.access.ProjectAccess;
import dev.kiln.portal.access.ProjectRole;
import java.util.Optional;

/**
 * Who looks at a project's page: their role in the project, looked up once for the page's buttons
 * and tabs, and whether they are a system admin.
 *
 * @param role empty when they are no member
 */
record ProjectViewer(Optional<ProjectRole> role, boolean admin) {

  static ProjectViewer of(ProjectAccess access, long projectId) {
    return new ProjectViewer(access.role(projectId), access.isAdmin());
  }

  /** What {@link ProjectAccess#may} says, from the role looked up once. */
  boolean may(ProjectRole needed) {
    return admin || role.filter(r -> r.includes(needed)).isPresent();
  }

  /**
   * Their role in words, such as "You are a maintainer here"; empty for a non-member who is no
   * admin.
   */
  String describe() {
    return role.map(
            r ->
                "You are "
                    + (r == ProjectRole.OWNER ? "an " : "a ")
                    + r.label().toLowerCase()
                    + " here")
        .orElse(admin ? "You see this as an admin" : "");
  }
}

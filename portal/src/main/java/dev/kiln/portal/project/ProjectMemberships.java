package dev.kiln.portal.project;

import dev.kiln.portal.access.Memberships;
import dev.kiln.portal.access.ProjectRole;
import java.util.Collection;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Answers the security checks behind every {@code @PreAuthorize}: one indexed query each, so plain
 * SQL rather than loading entities. System-only: it tells, it does not check.
 */
@Component
class ProjectMemberships implements Memberships {

  private final JdbcClient jdbc;

  ProjectMemberships(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<ProjectRole> role(long projectId, String usernameKey) {
    return jdbc.sql(
            """
            select m.role from project_members m join users u on u.id = m.user_id
            where m.project_id = ? and u.username_key = ? and u.enabled""")
        .params(projectId, usernameKey)
        .query(String.class)
        .optional()
        .map(ProjectRole::valueOf);
  }

  @Override
  public boolean memberOfAll(Collection<Long> projectIds, String usernameKey) {
    if (projectIds.isEmpty()) {
      return true;
    }
    return jdbc.sql(
            """
            select not exists (select 1 from projects p where p.id in (:ids) and not exists (
              select 1 from project_members m join users u on u.id = m.user_id
              where m.project_id = p.id and u.username_key = :user and u.enabled))""")
        .param("ids", projectIds)
        .param("user", usernameKey)
        .query(Boolean.class)
        .single();
  }

  @Override
  public boolean projectExists(long projectId) {
    return jdbc.sql("select exists (select 1 from projects where id = ?)")
        .param(projectId)
        .query(Boolean.class)
        .single();
  }
}

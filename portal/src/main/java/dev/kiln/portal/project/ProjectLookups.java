package dev.kiln.portal.project;

import dev.kiln.portal.base.SystemOnly;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other features ask about a project row: whether it exists, its name, its repository, and its
 * lock. System-only: it checks no access, and answers nothing a caller could not already see; its
 * callers are system paths (schedule fires, webhook deliveries) and services that checked access.
 */
@SystemOnly
@Component
public class ProjectLookups {

  private final JdbcClient jdbc;

  ProjectLookups(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Locks the project's row until the caller's transaction ends, as deleting or triggering the
   * project does, so that the caller's writes and those take turns.
   *
   * @return false when there is no such project
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean lock(long projectId) {
    return !jdbc.sql("select id from projects where id = ? for update")
        .param(projectId)
        .query(Long.class)
        .list()
        .isEmpty();
  }

  @Transactional(readOnly = true)
  public boolean exists(long projectId) {
    return jdbc.sql("select count(*) from projects where id = ?")
            .param(projectId)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * @throws NoSuchElementException when there is no such project
   */
  @Transactional(readOnly = true)
  public String name(long projectId) {
    return jdbc.sql("select name from projects where id = ?")
        .param(projectId)
        .query(String.class)
        .optional()
        .orElseThrow(() -> new NoSuchElementException("No project " + projectId));
  }

  /**
   * The project's repository and its webhook filters, for a delivery whose signature was checked.
   *
   * @throws NoSuchElementException when there is no such project
   */
  @Transactional(readOnly = true)
  public ProjectSource source(long projectId) {
    return jdbc.sql(
            """
            select repository_url, default_branch, credential_secret, submodules, branch_patterns,
                   tag_patterns, pull_requests
            from projects where id = ?""")
        .param(projectId)
        .query(
            (rs, n) ->
                new ProjectSource(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getBoolean(4),
                    lines(rs.getString(5)),
                    lines(rs.getString(6)),
                    rs.getBoolean(7)))
        .optional()
        .orElseThrow(() -> new NoSuchElementException("No project " + projectId));
  }

  private static List<String> lines(String joined) {
    return joined == null || joined.isBlank() ? List.of() : List.of(joined.split("\n"));
  }
}

package dev.kiln.portal.project;

import dev.kiln.portal.base.SystemOnly;
import java.util.NoSuchElementException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other features ask about a project row: whether it exists, its name, and its lock.
 * System-only: it checks no access, and answers nothing a caller could not already see; its callers
 * are system paths (schedule fires, webhook deliveries) and services that checked access.
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
}

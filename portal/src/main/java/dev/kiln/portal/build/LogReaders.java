package dev.kiln.portal.build;

import dev.kiln.portal.access.ProjectAccess;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Hands a build's live log to a viewer that may see it. Access is checked once, when the viewer
 * opens the log; the {@link LogReader} it gets reads new chunks from storage without asking the
 * database, and checks access again only when told to (after a change of the project's members, or
 * the build's end).
 */
@Service
public class LogReaders {

  private final BuildLogs logs;
  private final BuildProjects projects;
  private final JdbcClient jdbc;
  private final ProjectAccess access;

  LogReaders(BuildLogs logs, BuildProjects projects, JdbcClient jdbc, ProjectAccess access) {
    this.logs = logs;
    this.projects = projects;
    this.jdbc = jdbc;
    this.access = access;
  }

  /** A reader of the build's log; empty when there is no such build. */
  @PreAuthorize("@projectAccess.mayViewBuild(#buildId)")
  public Optional<LogReader> open(long buildId) {
    return projects
        .projectOf(buildId)
        .map(projectId -> new LogReader(buildId, projectId, logs, this));
  }

  /**
   * The number of chunks stored if the current user may still see the build, else empty: one query
   * more than {@link ProjectAccess#mayViewBuild}.
   */
  Optional<Integer> recheck(long buildId) {
    if (!access.mayViewBuild(buildId)) {
      return Optional.empty();
    }
    return jdbc.sql("select log_chunks from builds where id = ?")
        .param(buildId)
        .query(Integer.class)
        .optional();
  }
}

package dev.kiln.portal.project;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code repository_checks} table: access checks asked for on a web node, answered by a runner.
 */
@Component
class RepositoryCheckRows {

  /**
   * One check as asked for, and its answer once a runner gave one.
   *
   * @param answer null until a runner answered
   */
  record Row(
      long id,
      Long projectId,
      String repository,
      String branch,
      String credentialSecret,
      boolean submodules,
      String requestedBy,
      Instant requestedAt,
      RepositoryAccess answer) {}

  private final JdbcClient jdbc;

  RepositoryCheckRows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long insert(Long projectId, ProjectSource source, String by, Instant at) {
    return jdbc.sql(
            """
            insert into repository_checks (project_id, repository_url, default_branch,
              credential_secret, submodules, requested_by, requested_at)
            values (?, ?, ?, ?, ?, ?, ?) returning id""")
        .params(
            projectId,
            source.repository(),
            source.defaultBranch(),
            source.credentialSecret(),
            source.submodules(),
            by,
            Timestamp.from(at))
        .query(Long.class)
        .single();
  }

  Optional<Row> find(long id) {
    return jdbc.sql(
            """
            select id, project_id, repository_url, default_branch, credential_secret, submodules,
              requested_by, requested_at, reachable, answer
            from repository_checks where id = ?""")
        .param(id)
        .query(RepositoryCheckRows::row)
        .optional();
  }

  /** Records the first answer; a second runner's (after a misfire) changes nothing. */
  void answer(long id, RepositoryAccess access, String node, Instant at) {
    jdbc.sql(
            """
            update repository_checks set reachable = ?, answer = ?, answered_by = ?, answered_at = ?
            where id = ? and answered_at is null""")
        .params(access.reachable(), access.words(), node, Timestamp.from(at), id)
        .update();
  }

  void removeOlderThan(Instant before) {
    jdbc.sql("delete from repository_checks where requested_at < ?")
        .param(Timestamp.from(before))
        .update();
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    long projectId = rs.getLong("project_id");
    Long project = rs.wasNull() ? null : projectId;
    String words = rs.getString("answer");
    RepositoryAccess answer =
        words == null ? null : new RepositoryAccess(rs.getBoolean("reachable"), words);
    return new Row(
        rs.getLong("id"),
        project,
        rs.getString("repository_url"),
        rs.getString("default_branch"),
        rs.getString("credential_secret"),
        rs.getBoolean("submodules"),
        rs.getString("requested_by"),
        rs.getTimestamp("requested_at").toInstant(),
        answer);
  }
}

package dev.kiln.portal.build;

import dev.kiln.portal.access.BuildOwners;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tells the security checks which project a build belongs to: one query on the primary key. */
@Component
class BuildProjects implements BuildOwners {

  private final JdbcClient jdbc;

  BuildProjects(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<Long> projectOf(long buildId) {
    return jdbc.sql("select project_id from builds where id = ?")
        .param(buildId)
        .query(Long.class)
        .optional();
  }
}

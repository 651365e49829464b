package dev.kiln.portal.project;

import dev.kiln.portal.instance.InstanceUsers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which projects use which builder instance, for the instance feature. System-only: its caller, the
 * instance service, checks access; a write joins the caller's transaction.
 */
@Component
class ProjectInstanceUse implements InstanceUsers {

  private final JdbcClient jdbc;

  ProjectInstanceUse(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  @Transactional(readOnly = true)
  public List<String> projectsUsing(long instanceId) {
    return jdbc.sql("select name from projects where builder_instance_id = ? order by lower(name)")
        .param(instanceId)
        .query(String.class)
        .list();
  }

  @Override
  @Transactional(readOnly = true)
  public Map<Long, Long> projectCounts() {
    Map<Long, Long> usage = new HashMap<>();
    jdbc.sql(
            "select builder_instance_id, count(*) from projects where builder_instance_id is not null"
                + " group by builder_instance_id")
        .query((rs, n) -> usage.put(rs.getLong(1), rs.getLong(2)))
        .list();
    return usage;
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public void attachUnassigned(String builderId, long instanceId) {
    jdbc.sql(
            "update projects set builder_instance_id = ? where builder_instance_id is null and builder_id = ?")
        .params(instanceId, builderId)
        .update();
  }
}

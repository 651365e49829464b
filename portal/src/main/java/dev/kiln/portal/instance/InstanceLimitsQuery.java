package dev.kiln.portal.instance;

import dev.kiln.portal.build.InstanceLimits;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Reads an instance's limit for the build feature's claims, in the claim's transaction. */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class InstanceLimitsQuery implements InstanceLimits {

  private final JdbcClient jdbc;

  InstanceLimitsQuery(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<Limit> lock(long instanceId) {
    Optional<Limit> limit = read(instanceId, "");
    return limit.isPresent() && limit.get().maxBuilds() != null
        ? read(instanceId, " for update")
        : limit;
  }

  private Optional<Limit> read(long instanceId, String lock) {
    return jdbc.sql(
            "select name, max_concurrent as max_builds from builder_instances where id = ?" + lock)
        .param(instanceId)
        .query(Limit.class)
        .optional();
  }
}

package dev.kiln.portal.build;

import dev.kiln.portal.base.SystemOnly;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A build's number in its project, by the build's id, for features that keep build ids in their own
 * tables (webhook deliveries). System-only: it checks no access, so it answers numbers only; the
 * callers are the webhook receiver and services that checked the project's access already.
 */
@SystemOnly
@Component
@Transactional(readOnly = true)
public class BuildNumberLookup {

  private final JdbcClient jdbc;

  BuildNumberLookup(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The build's number; empty when there is no such build (deleted with its project). */
  public Optional<Integer> numberOf(long buildId) {
    return jdbc.sql("select number from builds where id = ?")
        .param(buildId)
        .query(Integer.class)
        .optional();
  }

  /** The numbers of those of {@code buildIds} that still exist. */
  public Map<Long, Integer> numbersOf(Collection<Long> buildIds) {
    Map<Long, Integer> numbers = new HashMap<>();
    if (buildIds.isEmpty()) {
      return numbers;
    }
    jdbc.sql("select id, number from builds where id = any(?)")
        .param(buildIds.toArray(Long[]::new))
        .query((rs, n) -> numbers.put(rs.getLong(1), rs.getInt(2)))
        .list();
    return numbers;
  }
}

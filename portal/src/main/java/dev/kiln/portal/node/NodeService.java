package dev.kiln.portal.node;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The cluster's nodes as they check in, with the builds each runs, for admins. Reads the {@code
 * nodes} table each node writes (see {@link NodeRegistry}), and asks the build feature for the
 * running builds ({@link BuildsOnNodes}); ages come from the database's clock, the one the
 * check-ins use, so a node whose clock is off neither looks missing nor hides a missing one.
 */
@Service
public class NodeService {

  /** A node that has not checked in for this long is shown as missing: three check-ins. */
  public static final Duration MISSING_AFTER = NodeRegistry.CHECK_IN.multipliedBy(3);

  private final JdbcClient jdbc;
  private final BuildsOnNodes builds;

  NodeService(JdbcClient jdbc, BuildsOnNodes builds) {
    this.jdbc = jdbc;
    this.builds = builds;
  }

  /** Every node that ever checked in, by name, with the builds it runs now. */
  @Transactional(readOnly = true)
  @PreAuthorize("hasRole('ADMIN')")
  public List<NodeInfo> nodes() {
    Map<String, List<NodeInfo.RunningBuild>> running = builds.runningByNode();
    return jdbc.sql(
            """
        select name, roles, runner_threads, version, started_at, last_seen_at,
          (extract(epoch from (now() - last_seen_at)) * 1000)::bigint as since_ms
        from nodes order by lower(name)""")
        .query(
            (rs, n) -> {
              String name = rs.getString("name");
              Duration since = Duration.ofMillis(Math.max(0, rs.getLong("since_ms")));
              return new NodeInfo(
                  name,
                  roles(rs.getString("roles")),
                  rs.getInt("runner_threads"),
                  rs.getString("version"),
                  rs.getTimestamp("started_at").toInstant(),
                  rs.getTimestamp("last_seen_at").toInstant(),
                  since,
                  since.compareTo(MISSING_AFTER) <= 0,
                  running.getOrDefault(name, List.of()));
            })
        .list();
  }

  private static List<String> roles(String list) {
    return list == null || list.isBlank()
        ? List.of()
        : Arrays.stream(list.split(",")).map(String::strip).toList();
  }
}

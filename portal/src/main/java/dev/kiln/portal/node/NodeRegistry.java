package dev.kiln.portal.node;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * This node's row in the cluster's list of nodes: written at start and every two seconds after,
 * with the database's clock, so the Nodes screen shows every node (web-only ones too) and another
 * node can tell whether this one is still alive before taking its builds over.
 */
@Component
public class NodeRegistry {

  /** How often each node checks in. */
  public static final Duration CHECK_IN = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

  private final JdbcClient jdbc;
  private final NodeProperties node;
  private final int runnerThreads;
  private final String version;
  private volatile boolean failing;

  NodeRegistry(
      JdbcClient jdbc,
      NodeProperties node,
      @Value("${kiln.builds.runner-threads:4}") int runnerThreads) {
    this.jdbc = jdbc;
    this.node = node;
    this.runnerThreads = node.has(NodeRole.RUNNER) ? runnerThreads : 0;
    this.version =
        Optional.ofNullable(NodeRegistry.class.getPackage().getImplementationVersion())
            .orElse("dev");
  }

  @Scheduled(initialDelay = 0, fixedDelay = 2000)
  void checkIn() {
    var roles = new TreeSet<String>();
    node.roles().forEach(r -> roles.add(r.name().toLowerCase(Locale.ROOT)));
    try {
      jdbc.sql(
              """
          insert into nodes (name, roles, runner_threads, version, started_at, last_seen_at)
          values (:name, :roles, :threads, :version, now(), now())
          on conflict (name) do update set roles = :roles, runner_threads = :threads, version = :version,
            last_seen_at = now()""")
          .param("name", node.name())
          .param("roles", String.join(",", roles))
          .param("threads", runnerThreads)
          .param("version", version)
          .update();
      if (failing) {
        log.info("Node {} checks in again", node.name());
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        log.warn("Node {} could not check in: {}", node.name(), e.getMessage());
        failing = true;
      }
    }
  }

  /** Marks this node as just started, so the Nodes screen shows since when it runs. */
  @EventListener(ApplicationReadyEvent.class)
  void started() {
    checkIn();
    try {
      jdbc.sql("update nodes set started_at = now() where name = ?").param(node.name()).update();
    } catch (RuntimeException e) {
      log.warn("Node {} could not record its start: {}", node.name(), e.getMessage());
    }
  }

  /**
   * Whether another node still checks in: its check-in time moves while this call watches for
   * {@code watch}. A node that stopped checking in for that long is taken for dead.
   */
  public boolean checksIn(String name, Duration watch) throws InterruptedException {
    var before = lastSeen(name);
    Thread.sleep(watch.toMillis());
    var after = lastSeen(name);
    return after.isPresent() && !after.equals(before);
  }

  private Optional<Timestamp> lastSeen(String name) {
    return jdbc.sql("select last_seen_at from nodes where name = ?")
        .param(name)
        .query(Timestamp.class)
        .optional();
  }
}

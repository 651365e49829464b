package dev.kiln.portal.build;

import dev.kiln.portal.build.domain.Build;
import dev.kiln.portal.build.domain.BuildRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who runs a build, decided in the database so nodes never disagree: a runner claims a queued build
 * (within its builder instance's limit), and a build whose node died is marked lost, once, and
 * queued again as a new attempt when its project allows.
 */
@Component
@Transactional
class BuildClaims {

  /** What came of a claim. */
  enum Claim {
    /** This node runs it now. */
    RUNNING,
    /** Its instance runs its limit; it waits and is dispatched again when one of those ends. */
    WAITING,
    /** Cancelled, deleted or taken: nothing to do. */
    GONE
  }

  private final JdbcClient jdbc;
  private final BuildRepository builds;
  private final BuildDispatcher dispatcher;
  private final Clock clock;

  BuildClaims(JdbcClient jdbc, BuildRepository builds, BuildDispatcher dispatcher, Clock clock) {
    this.jdbc = jdbc;
    this.builds = builds;
    this.dispatcher = dispatcher;
    this.clock = clock;
  }

  Claim claim(long buildId, String node) {
    record Row(String state, Long instanceId, String instanceName, Integer maxConcurrent) {}
    Optional<Row> row = jdbc.sql("""
        select b.state, b.builder_instance_id as instance_id, i.name as instance_name, i.max_concurrent
        from builds b left join builder_instances i on i.id = b.builder_instance_id where b.id = ?""")
        .param(buildId).query(Row.class).optional();
    if (row.isEmpty() || !row.get().state().equals(BuildState.QUEUED.name())) {
      return Claim.GONE;
    }
    Integer limit = row.get().maxConcurrent();
    if (limit != null) {
      // The instance's row is the lock that makes "fewer than the limit running" true across nodes.
      jdbc.sql("select id from builder_instances where id = ? for update").param(row.get().instanceId())
          .query(Long.class).single();
      int running = jdbc.sql("select count(*) from builds where builder_instance_id = ? and state = 'RUNNING'")
          .param(row.get().instanceId()).query(Integer.class).single();
      if (running >= limit) {
        jdbc.sql("update builds set waiting = true, reason = ? where id = ? and state = 'QUEUED'")
            .param("Waiting: " + row.get().instanceName() + " already runs " + running + " build"
                + (running == 1 ? "" : "s") + ", its limit.")
            .param(buildId).update();
        return Claim.WAITING;
      }
    }
    int updated = jdbc.sql("""
        update builds set state = 'RUNNING', node = ?, started_at = ?, reason = 'Running.', waiting = false
        where id = ? and state = 'QUEUED'""")
        .param(node).param(java.sql.Timestamp.from(clock.instant())).param(buildId).update();
    return updated == 1 ? Claim.RUNNING : Claim.GONE;
  }

  /**
   * Dispatches the first build waiting for this instance's limit, if any. Called when a build of
   * the instance ends, and now and then in case a node died between the two.
   */
  void releaseWaiting(Long instanceId) {
    if (instanceId == null) {
      return;
    }
    record Next(long id, int priority, java.sql.Timestamp queuedAt) {}
    jdbc.sql("""
        select id, priority, queued_at from builds
        where state = 'QUEUED' and waiting and builder_instance_id = ?
        order by priority desc, queued_at, id limit 1 for update skip locked""")
        .param(instanceId).query(Next.class).optional().ifPresent(next -> {
          jdbc.sql("update builds set waiting = false, reason = 'Waiting for a free runner.' where id = ?")
              .param(next.id()).update();
          dispatcher.redispatch(next.id(), next.priority(), next.queuedAt().toInstant());
        });
  }

  /** The instances that have builds waiting for their limit. */
  @Transactional(readOnly = true)
  java.util.List<Long> instancesWithWaiting() {
    return jdbc.sql("select distinct builder_instance_id from builds where state = 'QUEUED' and waiting")
        .query(Long.class).list();
  }

  /**
   * Marks a running build lost with its node and, when its project allows another attempt, queues
   * it again as a new build. The conditional update makes this happen once, whichever nodes notice.
   *
   * @return the new attempt's id, if one was queued
   */
  Optional<Long> markLost(long buildId, String deadNode, String reason) {
    Instant now = clock.instant();
    Build lost = builds.findById(buildId).orElse(null);
    if (lost == null) {
      return Optional.empty();
    }
    int retries = jdbc.sql("select retries from projects where id = ?").param(lost.toInfo().projectId())
        .query(Integer.class).optional().orElse(0);
    int attempt = lost.toInfo().attempt();
    String outcome = attempt <= retries
        ? reason + " It runs again as attempt " + (attempt + 1) + "."
        : reason + (retries == 0 ? " The project does not run lost builds again."
            : " It was attempt " + attempt + "; the project allows " + retries + " retr" + (retries == 1 ? "y" : "ies")
                + ".");
    int updated = jdbc.sql("""
        update builds set state = 'LOST', reason = ?, finished_at = ?
        where id = ? and state = 'RUNNING' and node = ?""")
        .param(outcome).param(java.sql.Timestamp.from(now)).param(buildId).param(deadNode).update();
    if (updated == 0 || attempt > retries) {
      return Optional.empty();
    }
    Integer number = jdbc.sql("""
        update projects set next_build_number = next_build_number + 1, version = version + 1
        where id = ? returning next_build_number - 1""")
        .param(lost.toInfo().projectId()).query(Integer.class).optional().orElse(null);
    if (number == null) {
      return Optional.empty(); // the project was deleted meanwhile
    }
    Build again = builds.save(lost.retry(number, now));
    dispatcher.dispatch(again.getId(), again.getPriority(), again.getQueuedAt());
    return Optional.of(again.getId());
  }
}

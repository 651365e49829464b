package dev.kiln.portal.build;

import dev.kiln.portal.build.domain.Build;
import dev.kiln.portal.build.domain.BuildRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
    record Row(String state, Long instanceId) {}
    Optional<Row> row =
        jdbc.sql("select state, builder_instance_id as instance_id from builds where id = ?")
            .param(buildId)
            .query(Row.class)
            .optional();
    if (row.isEmpty() || !row.get().state().equals(BuildState.QUEUED.name())) {
      return Claim.GONE;
    }
    Optional<Limit> limit = lockLimit(row.get().instanceId());
    if (limit.isPresent() && limit.get().maxBuilds() != null) {
      int running = running(row.get().instanceId());
      if (running >= limit.get().maxBuilds()) {
        jdbc.sql("update builds set waiting = true, reason = ? where id = ? and state = 'QUEUED'")
            .param(
                "Waiting: "
                    + limit.get().name()
                    + " already runs "
                    + running
                    + " build"
                    + (running == 1 ? "" : "s")
                    + ", its limit.")
            .param(buildId)
            .update();
        return Claim.WAITING;
      }
    }
    int updated =
        jdbc.sql(
                """
        update builds set state = 'RUNNING', node = ?, started_at = ?, reason = 'Running.', waiting = false
        where id = ? and state = 'QUEUED'""")
            .param(node)
            .param(java.sql.Timestamp.from(clock.instant()))
            .param(buildId)
            .update();
    return updated == 1 ? Claim.RUNNING : Claim.GONE;
  }

  /**
   * Dispatches as many builds waiting for this instance's limit as it has room for now, highest
   * priority first, then the oldest (all of them when it has no limit any more). Called when a
   * build of the instance ends, when an admin changes the limit, and now and then in case a node
   * died between the two. With a limit it holds the instance's lock, like {@link #claim}, so a
   * build cannot start waiting unseen while this counts. A released build that finds the instance
   * full again (a new build was claimed first) simply waits again. At most 1000 per call; the sweep
   * releases the rest.
   */
  void releaseWaiting(Long instanceId) {
    if (instanceId == null) {
      return;
    }
    Optional<Limit> limit = lockLimit(instanceId);
    if (limit.isEmpty()) {
      return;
    }
    int room =
        limit.get().maxBuilds() == null
            ? Integer.MAX_VALUE
            : limit.get().maxBuilds() - running(instanceId);
    if (room <= 0) {
      return;
    }
    record Next(long id, int priority, java.sql.Timestamp queuedAt) {}
    List<Next> next =
        jdbc.sql(
                """
        select id, priority, queued_at from builds
        where state = 'QUEUED' and waiting and builder_instance_id = ?
        order by priority desc, queued_at, id limit ? for update skip locked""")
            .param(instanceId)
            .param(Math.min(room, 1000))
            .query(Next.class)
            .list();
    for (Next build : next) {
      jdbc.sql(
              "update builds set waiting = false, reason = 'Waiting for a free runner.' where id = ?")
          .param(build.id())
          .update();
      dispatcher.redispatch(build.id(), build.priority(), build.queuedAt().toInstant());
    }
  }

  /** An instance's name and limit ({@code null}: none). */
  private record Limit(String name, Integer maxBuilds) {}

  /**
   * Reads an instance's limit; when it has one, under its row lock, which makes "fewer than the
   * limit running" true across nodes. Instances without a limit are not locked, so their builds
   * start without waiting for one another.
   */
  private Optional<Limit> lockLimit(Long instanceId) {
    if (instanceId == null) {
      return Optional.empty();
    }
    Optional<Limit> limit = readLimit(instanceId, "");
    return limit.isPresent() && limit.get().maxBuilds() != null
        ? readLimit(instanceId, " for update")
        : limit;
  }

  private Optional<Limit> readLimit(long instanceId, String lock) {
    return jdbc.sql(
            "select name, max_concurrent as max_builds from builder_instances where id = ?" + lock)
        .param(instanceId)
        .query(Limit.class)
        .optional();
  }

  private int running(long instanceId) {
    return jdbc.sql(
            "select count(*) from builds where builder_instance_id = ? and state = 'RUNNING'")
        .param(instanceId)
        .query(Integer.class)
        .single();
  }

  /** The instances that have builds waiting for their limit. */
  @Transactional(readOnly = true)
  List<Long> instancesWithWaiting() {
    return jdbc.sql(
            "select distinct builder_instance_id from builds where state = 'QUEUED' and waiting")
        .query(Long.class)
        .list();
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
    int retries =
        jdbc.sql("select retries from projects where id = ?")
            .param(lost.toInfo().projectId())
            .query(Integer.class)
            .optional()
            .orElse(0);
    int attempt = lost.toInfo().attempt();
    String outcome =
        attempt <= retries
            ? reason + " It runs again as attempt " + (attempt + 1) + "."
            : reason
                + (retries == 0
                    ? " The project does not run lost builds again."
                    : " It was attempt "
                        + attempt
                        + "; the project allows "
                        + retries
                        + " retr"
                        + (retries == 1 ? "y" : "ies")
                        + ".");
    int updated =
        jdbc.sql(
                """
        update builds set state = 'LOST', reason = ?, finished_at = ?
        where id = ? and state = 'RUNNING' and node = ?""")
            .param(outcome)
            .param(java.sql.Timestamp.from(now))
            .param(buildId)
            .param(deadNode)
            .update();
    if (updated == 0 || attempt > retries) {
      return Optional.empty();
    }
    Integer number =
        jdbc.sql(
                """
        update projects set next_build_number = next_build_number + 1, version = version + 1
        where id = ? returning next_build_number - 1""")
            .param(lost.toInfo().projectId())
            .query(Integer.class)
            .optional()
            .orElse(null);
    if (number == null) {
      return Optional.empty(); // the project was deleted meanwhile
    }
    Build again = builds.save(lost.retry(number));
    // The retry keeps the lost build's queue time, its place in the queue, not the back of it: it
    // starts
    // at the next free runner however many builds were queued since (ClusterIT measured 28 s behind
    // 20).
    dispatcher.dispatch(again.getId(), again.getPriority(), again.getQueuedAt());
    return Optional.of(again.getId());
  }
}

package dev.kiln.portal.build;

import dev.kiln.portal.build.InstanceLimits.Limit;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who runs a build, decided in the database so nodes never disagree: a runner claims a queued build
 * within its builder instance's limit, or the build waits until a build of the instance ends. The
 * state changes themselves are {@link BuildTransitions}'; the limit is the instance feature's
 * ({@link InstanceLimits}).
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
  private final BuildTransitions transitions;
  private final InstanceLimits limits;
  private final BuildDispatcher dispatcher;

  BuildClaims(
      JdbcClient jdbc,
      BuildTransitions transitions,
      InstanceLimits limits,
      BuildDispatcher dispatcher) {
    this.jdbc = jdbc;
    this.transitions = transitions;
    this.limits = limits;
    this.dispatcher = dispatcher;
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
    Optional<Limit> limit =
        row.get().instanceId() == null ? Optional.empty() : limits.lock(row.get().instanceId());
    if (limit.isPresent() && limit.get().maxBuilds() != null) {
      int running = running(row.get().instanceId());
      if (running >= limit.get().maxBuilds()) {
        transitions.waitForLimit(
            buildId,
            "Waiting: "
                + limit.get().name()
                + " already runs "
                + running
                + " build"
                + (running == 1 ? "" : "s")
                + ", its limit.");
        return Claim.WAITING;
      }
    }
    return transitions.start(buildId, node) ? Claim.RUNNING : Claim.GONE;
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
    Optional<Limit> limit = limits.lock(instanceId);
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
    record Next(long id, int priority, Timestamp queuedAt) {}
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
      transitions.stopWaiting(build.id());
      dispatcher.redispatch(build.id(), build.priority(), build.queuedAt().toInstant());
    }
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
}

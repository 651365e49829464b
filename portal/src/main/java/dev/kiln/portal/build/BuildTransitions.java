package dev.kiln.portal.build;

import dev.kiln.portal.build.domain.Build;
import dev.kiln.portal.build.domain.BuildRepository;
import dev.kiln.portal.build.domain.LostBuildRetry;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every change of a build's state, and nothing else. A build is created by inserting it as QUEUED
 * (from a trigger, or as a lost build's next attempt); from then on each change is one conditional
 * SQL update that names the state it leaves and reports whether it happened, so the database
 * decides races between nodes:
 *
 * <pre>
 * QUEUED ─start→ RUNNING ─finish→ SUCCEEDED | FAILED | CANCELLED | TIMED_OUT | ERROR
 * QUEUED ─cancelQueued→ CANCELLED        RUNNING ─lose→ LOST (─→ a new QUEUED attempt)
 * QUEUED ─wait / unwait→ QUEUED (waiting for its instance's limit, or not)
 * </pre>
 *
 * Updates run in the caller's transaction when there is one. Pending JPA changes are flushed first
 * and loaded entities dropped after, so neither side sees a stale build.
 */
@Component
@Transactional
class BuildTransitions {

  private final JdbcClient jdbc;
  private final EntityManager entities;
  private final BuildRepository builds;
  private final BuildDispatcher dispatcher;
  private final BuildNumbers numbers;
  private final Clock clock;

  BuildTransitions(
      JdbcClient jdbc,
      EntityManager entities,
      BuildRepository builds,
      BuildDispatcher dispatcher,
      BuildNumbers numbers,
      Clock clock) {
    this.jdbc = jdbc;
    this.entities = entities;
    this.builds = builds;
    this.dispatcher = dispatcher;
    this.numbers = numbers;
    this.clock = clock;
  }

  /** → QUEUED: inserts the build and its Quartz job together (in the caller's transaction). */
  long queue(BuildSpec spec) {
    Build build = builds.save(new Build(spec, clock.instant()));
    dispatcher.dispatch(build.getId(), build.getPriority(), build.getQueuedAt());
    return build.getId();
  }

  /** QUEUED → RUNNING on {@code node}; false when it is no longer queued. */
  boolean start(long buildId, String node) {
    return update(
        """
        update builds set state = 'RUNNING', node = ?, started_at = ?, reason = 'Running.', waiting = false
        where id = ? and state = 'QUEUED'""",
        node,
        now(),
        buildId);
  }

  /** A queued build waits for its instance's limit, with the reason shown for it. */
  boolean waitForLimit(long buildId, String reason) {
    return update(
        "update builds set waiting = true, reason = ? where id = ? and state = 'QUEUED'",
        reason,
        buildId);
  }

  /** A waiting build goes back to the queue, to be dispatched again. */
  boolean stopWaiting(long buildId) {
    return update(
        """
        update builds set waiting = false, reason = 'Waiting for a free runner.'
        where id = ? and state = 'QUEUED'""",
        buildId);
  }

  /**
   * RUNNING → its final state. A builder's message can be any length; one over the column would
   * leave the build running forever, so it is cut.
   */
  boolean finish(long buildId, Outcome outcome) {
    String reason =
        outcome.reason() == null || outcome.reason().length() <= Build.REASON_LENGTH
            ? outcome.reason()
            : outcome.reason().substring(0, Build.REASON_LENGTH - 1) + "…";
    return update(
        """
        update builds set state = ?, reason = ?, exit_code = ?, finished_at = ?
        where id = ? and state = 'RUNNING'""",
        outcome.state().name(),
        reason,
        outcome.exitCode(),
        now(),
        buildId);
  }

  /** QUEUED → CANCELLED: it never starts; its Quartz job is withdrawn. */
  boolean cancelQueued(long buildId, String by) {
    boolean cancelled =
        update(
            """
            update builds set state = 'CANCELLED', reason = ?, finished_at = ?, cancel_requested_by = ?
            where id = ? and state = 'QUEUED'""",
            "Cancelled by " + by + " before it started.",
            now(),
            by,
            buildId);
    if (cancelled) {
      dispatcher.withdraw(buildId);
    }
    return cancelled;
  }

  /** A running build is asked to stop, once; its node ends it as CANCELLED. */
  boolean requestCancel(long buildId, String by) {
    return update(
        """
        update builds set cancel_requested_by = ?
        where id = ? and state = 'RUNNING' and cancel_requested_by is null""",
        by,
        buildId);
  }

  /**
   * RUNNING → LOST with its dead node and, when its project allows another attempt, a new QUEUED
   * attempt. The conditional update makes this happen once, whichever nodes notice.
   *
   * @return the new attempt's id, if one was queued
   */
  Optional<Long> lose(long buildId, String deadNode, String reason) {
    Build lost = builds.findById(buildId).orElse(null);
    if (lost == null) {
      return Optional.empty();
    }
    BuildInfo info = lost.toInfo();
    int retries = numbers.retries(info.projectId());
    boolean again = info.attempt() <= retries;
    if (!update(
            """
            update builds set state = 'LOST', reason = ?, finished_at = ?
            where id = ? and state = 'RUNNING' and node = ?""",
            reason + nextAttempt(info.attempt(), retries),
            now(),
            buildId,
            deadNode)
        || !again) {
      return Optional.empty();
    }
    OptionalInt number = numbers.take(info.projectId());
    if (number.isEmpty()) {
      return Optional.empty(); // the project was deleted meanwhile
    }
    Build retry = builds.save(LostBuildRetry.of(lost, number.getAsInt()));
    // The retry keeps the lost build's queue time, its place in the queue, not the back of it: it
    // starts at the next free runner however many builds were queued since (ClusterIT measured
    // 28 s behind 20).
    dispatcher.dispatch(retry.getId(), retry.getPriority(), retry.getQueuedAt());
    return Optional.of(retry.getId());
  }

  /** What becomes of a lost build, said after why it was lost. */
  private static String nextAttempt(int attempt, int retries) {
    if (attempt <= retries) {
      return " It runs again as attempt " + (attempt + 1) + ".";
    }
    return retries == 0
        ? " The project does not run lost builds again."
        : " It was attempt "
            + attempt
            + "; the project allows "
            + retries
            + " retr"
            + (retries == 1 ? "y" : "ies")
            + ".";
  }

  private boolean update(String sql, Object... params) {
    entities.flush();
    int updated = jdbc.sql(sql).params(params).update();
    entities.clear();
    return updated == 1;
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }
}

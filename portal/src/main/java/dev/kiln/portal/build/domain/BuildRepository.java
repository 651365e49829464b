package dev.kiln.portal.build.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stored builds, read. A build's state changes only in {@code BuildTransitions}, each a conditional
 * update that names the state it leaves.
 */
public interface BuildRepository extends JpaRepository<Build, Long> {

  List<Build> findByProjectIdOrderByNumberDesc(long projectId, Pageable page);

  /** The builds that build {@code buildId} again (Rebuild), oldest first. */
  @Query("select b from Build b where b.source.rebuildOf = ?1 order by b.id")
  List<Build> findRebuildsOf(long buildId);

  /** The build that runs a lost one again, if one was queued. */
  Optional<Build> findFirstByRetryOf(long retryOf);

  long countByProjectId(long projectId);

  @Query("select b.id from Build b where b.projectId = ?1")
  List<Long> findIdsByProjectId(long projectId);

  @Query("select count(b) from Build b where b.projectId = ?1 and b.state in ('QUEUED', 'RUNNING')")
  long countActive(long projectId);

  @Transactional
  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query(
      "update Build b set b.logChunks = ?2, b.logBytes = ?3, b.logTruncated = ?4 where b.id = ?1")
  int recordLog(long id, int chunks, long bytes, boolean truncated);

  @Query(
      """
      select b.id from Build b where b.state = dev.kiln.portal.build.BuildState.RUNNING and b.node = ?1
      and b.cancelRequestedBy is not null""")
  List<Long> findCancelRequested(String node);

  @Query(
      """
      select b from Build b where b.state = dev.kiln.portal.build.BuildState.RUNNING and b.node = ?1
      and b.startedAt < ?2""")
  List<Build> findRunningOn(String node, Instant startedBefore);

  /**
   * How many queued builds a runner takes before this one, this one included; 0 when it is not
   * queued.
   */
  @Query(
      nativeQuery = true,
      value =
          """
      select count(*) from builds q join builds b on b.id = ?1 and b.state = 'QUEUED'
      where q.state = 'QUEUED' and (q.priority > b.priority or (q.priority = b.priority
        and (q.queued_at < b.queued_at or (q.queued_at = b.queued_at and q.id <= b.id))))""")
  long countQueuedUpTo(long buildId);

  @Query("select count(b) from Build b where b.state = dev.kiln.portal.build.BuildState.QUEUED")
  long countQueued();

  @Query(
      """
      select b from Build b where b.state = dev.kiln.portal.build.BuildState.QUEUED
      order by b.priority desc, b.queuedAt, b.id""")
  List<Build> findQueued(Pageable page);

  @Query(
      """
      select b from Build b where b.projectId = ?1 and b.state in ('QUEUED', 'RUNNING') order by b.id""")
  List<Build> findActive(long projectId);

  /**
   * Records the commit a build resolved to, once: a build whose commit is known (given by its
   * trigger, or recorded by an earlier start) keeps it.
   *
   * @return 1 when recorded, 0 when the build already had a commit
   */
  @Transactional
  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query(
      nativeQuery = true,
      value =
          """
      update builds set git_ref = ?2, git_commit = ?3, commit_subject = ?4, commit_author = ?5,
      commit_time = ?6 where id = ?1 and git_commit is null""")
  int recordRevision(
      long id, String ref, String commit, String subject, String author, Instant time);
}

package dev.kiln.portal.node;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A node of the cluster as the Nodes screen shows it.
 *
 * @param roles its roles, lower case, for example {@code [runner, web]}
 * @param runnerThreads how many builds it runs at once; 0 without the runner role
 * @param sinceCheckIn how long ago it last checked in, by the database's clock
 * @param up whether it checked in within {@link NodeService#MISSING_AFTER}
 * @param running the builds it runs now, oldest first
 */
public record NodeInfo(
    String name,
    List<String> roles,
    int runnerThreads,
    String version,
    Instant startedAt,
    Instant lastSeenAt,
    Duration sinceCheckIn,
    boolean up,
    List<RunningBuild> running) {

  /** A build running on a node. */
  public record RunningBuild(long id, String projectName, int number) {}
}

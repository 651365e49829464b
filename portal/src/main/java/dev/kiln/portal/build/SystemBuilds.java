package dev.kiln.portal.build;

import dev.kiln.portal.base.SystemOnly;
import dev.kiln.portal.build.domain.Build;
import dev.kiln.portal.build.domain.BuildRepository;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Builds for callers that act without a user: the project feature queuing a build it has checked,
 * schedules deciding on overlap, builders removing what dead builds left. No permission is checked
 * here, so views and the REST API never reach this class ({@code ArchitectureTest}); they use
 * {@link BuildService}.
 */
@SystemOnly
@Component
@Transactional
public class SystemBuilds {

  private final BuildRepository builds;
  private final BuildTransitions transitions;
  private final BuildCancels cancels;

  SystemBuilds(BuildRepository builds, BuildTransitions transitions, BuildCancels cancels) {
    this.builds = builds;
    this.transitions = transitions;
    this.cancels = cancels;
  }

  /** Queues a build; it starts when a runner is free. Joins the caller's transaction. */
  public long queue(BuildSpec spec) {
    return transitions.queue(spec);
  }

  /** The project's builds that are queued or running, for a schedule deciding on overlap. */
  @Transactional(readOnly = true)
  public List<BuildInfo> activeOf(long projectId) {
    return builds.findActive(projectId).stream().map(Build::toInfo).toList();
  }

  /**
   * Cancels a build for a schedule whose overlap policy says so.
   *
   * @return a sentence saying what happened
   */
  public String cancel(long buildId, String by) {
    return cancels.cancel(buildId, by);
  }

  /**
   * Whether the build with this id (as given to builders) is still queued or running, for builders
   * removing what dead builds left behind. Not a number, or no such build: not live.
   */
  @Transactional(readOnly = true)
  public boolean isLive(String buildId) {
    try {
      return builds
          .findById(Long.parseLong(buildId))
          .map(b -> b.toInfo().state())
          .map(s -> s == BuildState.QUEUED || s == BuildState.RUNNING)
          .orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}

package dev.kiln.portal.project;

import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.build.Parameters;
import dev.kiln.portal.build.Rebuilder;
import dev.kiln.portal.build.Revision;
import dev.kiln.portal.build.SecretsPolicy;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.build.TriggerKind;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rebuild: a finished build again, as its project is configured now, of the same commit with the
 * same parameters and trigger variables, linked to the build it repeats.
 */
@Service
@Transactional
public class Rebuilds implements Rebuilder {

  private final BuildService builds;
  private final ProjectTrigger trigger;

  Rebuilds(BuildService builds, ProjectTrigger trigger) {
    this.builds = builds;
    this.trigger = trigger;
  }

  /**
   * Queues the rebuild of {@code buildId} for {@code user}.
   *
   * @return the new build's id
   * @throws NoSuchElementException when the build is gone
   * @throws IllegalStateException when it has not ended yet, or its builder cannot run builds now
   * @throws InvalidParametersException when the project no longer declares one of its parameters
   */
  @Override
  @PreAuthorize("@projectAccess.mayChangeBuild(#buildId)")
  public long rebuild(long buildId, String user) {
    BuildInfo old = ended(buildId);
    return again(old, "rebuild of #" + old.number() + " by " + user, old.secrets());
  }

  /**
   * The build, once it has ended.
   *
   * @throws NoSuchElementException when the build is gone
   * @throws IllegalStateException when it has not ended yet
   */
  BuildInfo ended(long buildId) {
    BuildInfo old =
        builds.find(buildId).orElseThrow(() -> new NoSuchElementException("No build " + buildId));
    if (old.state() == BuildState.QUEUED || old.state() == BuildState.RUNNING) {
      throw new IllegalStateException(
          "Build #" + old.number() + " has not ended yet: rebuild it once it has.");
    }
    return old;
  }

  /**
   * Queues {@code old} again: same commit, parameters and trigger variables, with {@code secrets}
   * (a rebuild keeps the policy of the build it repeats, so a fork's code stays without secrets).
   */
  long again(BuildInfo old, String by, SecretsPolicy secrets) {
    Map<String, String> given = builds.parameters(old.id());
    Map<String, String> declared = Parameters.declared(given);
    Map<String, String> variables = new HashMap<>(given);
    variables.keySet().removeAll(declared.keySet());
    Revision revision =
        old.revision().resolved() ? old.revision() : Revision.requested(old.revision().requested());
    return trigger.trigger(
        old.projectId(),
        new Trigger(
            TriggerKind.REBUILD, by, declared, null, variables, revision, old.id(), secrets));
  }
}

package dev.kiln.portal.build.domain;

import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildSpec;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.build.TriggerKind;
import java.util.Map;

/**
 * The retry of a build lost with its node: the same build again (script, builder, instance,
 * settings, artifacts, secrets, parameters, priority, repository and commit), queued as the next
 * attempt.
 */
public final class LostBuildRetry {

  private LostBuildRetry() {}

  /**
   * The retry of {@code lost}. It keeps the lost build's queue time, which is its place in the
   * queue: the retry goes before builds queued after the lost one, on the screens as in Quartz, and
   * again if it has to wait for a limit.
   *
   * @param number the new build's number in its project
   */
  public static Build of(Build lost, int number) {
    BuildInfo info = lost.toInfo();
    var trigger =
        new Trigger(
            TriggerKind.RETRY,
            "retry of #" + info.number() + " (" + info.triggeredBy() + ")",
            lost.getParameters(),
            lost.getScheduleId(),
            Map.of(),
            lost.getSource().revision(),
            lost.getSource().rebuildOf(),
            lost.getSource().secrets());
    var spec =
        new BuildSpec(
            info.projectId(),
            number,
            info.projectName(),
            info.builderId(),
            lost.getBuilderInstanceId(),
            info.instanceName(),
            lost.getSettingsJson(),
            lost.getScript(),
            lost.getArtifactPatterns(),
            info.timeout(),
            lost.getSecretNames(),
            trigger,
            info.priority(),
            lost.getSource().source());
    return new Build(spec, lost.getQueuedAt(), info.attempt() + 1, lost.getId());
  }
}

package dev.kiln.plugin.api;

import java.util.List;
import java.util.function.Predicate;
import org.pf4j.ExtensionPoint;

/**
 * The extension point every builder plugin implements: it runs one build's script somewhere (this
 * machine, a container, a remote host, a CI service) and reports how it ended.
 *
 * <p>Kiln creates one instance per plugin and calls it from several threads at once, one build per
 * call; implementations keep no per-build state in fields. Kiln enforces timeouts and cancellation
 * through {@link BuildContext#cancellation()}: a builder must stop its work promptly once
 * cancellation is requested.
 *
 * <p>New methods are added only as {@code default} methods, so a builder written for an older minor
 * version keeps working.
 *
 * @since 1.0
 */
@Stable
public interface Builder extends ExtensionPoint {

  /**
   * Tells the builder about the node it runs on, once, after Kiln created it and before any other
   * call. Builders that run scripts on this machine use it to keep them away from Kiln's own files;
   * the default ignores it.
   *
   * @since 1.2
   */
  default void attach(NodeContext node) {}

  /** Describes this builder: its id, its name, and the settings a project gives it. */
  BuilderDescriptor describe();

  /**
   * Checks the settings beyond what the schema in {@link #describe()} says (for example that two
   * fields agree). Kiln has already checked required fields, numbers and choices.
   *
   * @return one problem per invalid field; empty when the settings are usable
   */
  default List<SettingProblem> validate(BuilderSettings settings) {
    return List.of();
  }

  /** Tells whether builds can run with these settings now: the host, engine or API answers. */
  default Health check(BuilderSettings settings) {
    return Health.up("no check needed");
  }

  /**
   * Removes what builds left behind on the builder's side (containers, remote folders, runs) when
   * the build is no longer live in Kiln: its node died, or cleaning up failed. Kiln calls it now
   * and then for each builder instance, on a node that runs builds. Things must be labelled with
   * the build id when created, so they can be found here.
   *
   * @param settings the instance's settings
   * @param isLive answers, for a Kiln build id, whether the build is still queued or running; asked
   *     at the moment of removal, so a build that started after the call began is live
   * @return a line per thing removed, for Kiln's log; empty when nothing was left
   * @since 1.1
   */
  default List<String> reapOrphans(BuilderSettings settings, Predicate<String> isLive) {
    return List.of();
  }

  /**
   * Runs one build to its end and returns the script's exit code. Output goes to {@link
   * BuildContext#log()} as it is produced, artifacts to {@link BuildContext#artifacts()}.
   *
   * @throws BuildException when the build could not run for a reason outside the script (a host
   *     that is down, a refused key, a missing image); its message is shown to the user
   * @throws InterruptedException when the calling thread is interrupted
   */
  BuildResult run(BuildRequest request, BuildContext context)
      throws BuildException, InterruptedException;
}

package dev.kiln.portal.plugin;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plugin as {@link PluginHost} holds it on this node: loaded and started, or failed with a
 * reason.
 *
 * @param jar what its jar says of itself
 * @param path the jar file it was loaded from
 * @param source where it comes from
 * @param uploadedBy who uploaded it, for uploaded plugins
 * @param uploadedAt when, for uploaded plugins
 * @param generation the database generation this node loaded (raised by each replace and reload)
 * @param builders its builders, empty when it failed
 * @param error why it failed, or {@code null} when it started
 * @param disabledReason why an admin's decision keeps its builders from running, or {@code null}
 * @param running how many builds run on its builders on this node now
 */
record InstalledPlugin(
    PluginJar jar,
    Path path,
    PluginSource source,
    String uploadedBy,
    Instant uploadedAt,
    long generation,
    List<BuilderEntry> builders,
    String error,
    String disabledReason,
    AtomicInteger running) {

  String id() {
    return jar.id();
  }

  /** {@code started}, {@code disabled} or {@code failed}, as the Plugins screen shows it. */
  String state() {
    if (error != null) {
      return "failed";
    }
    return disabledReason != null ? "disabled" : "started";
  }

  InstalledPlugin withDisabledReason(String reason) {
    return new InstalledPlugin(
        jar, path, source, uploadedBy, uploadedAt, generation, builders, error, reason, running);
  }

  /** Tells whether a build runs on one of its builders on this node. */
  boolean isBusy() {
    return running.get() > 0;
  }

  /**
   * @throws PluginRefusedException while a build runs on one of its builders on this node
   */
  void requireIdle() {
    int builds = running.get();
    if (builds > 0) {
      throw new PluginRefusedException(
          "plugin "
              + id()
              + " is in use: "
              + builds
              + " build(s) run on its"
              + " builders on this node; try again when they have finished");
    }
  }
}

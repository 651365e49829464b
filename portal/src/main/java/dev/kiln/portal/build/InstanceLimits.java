package dev.kiln.portal.build;

import java.util.Optional;

/**
 * A builder instance's limit on running builds, which the instance feature owns and implements: the
 * build feature reads it when claiming a build, without running SQL on the instance's table.
 */
public interface InstanceLimits {

  /**
   * An instance's name and limit ({@code null}: none); when it has a limit, under its row lock
   * until the transaction ends, which makes "fewer than the limit running" true across nodes.
   * Instances without a limit are not locked, so their builds start without waiting for one
   * another.
   *
   * @return empty when the instance is gone
   */
  Optional<Limit> lock(long instanceId);

  /** An instance's name, for the waiting reason, and its limit. */
  record Limit(String name, Integer maxBuilds) {}
}

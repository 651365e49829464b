package dev.kiln.portal.instance;

import dev.kiln.portal.instance.domain.BuilderInstance.Health;
import java.time.Instant;
import java.util.Map;

/**
 * A builder instance as the UI shows it.
 *
 * @param builderName the builder's name, or its id when no loaded plugin provides it
 * @param automatic made by Kiln for a builder without instance settings
 * @param settings the instance settings (secret references by name); empty for non-admins
 * @param unavailableReason why builds cannot run on it now regardless of its health (its plugin is
 *     disabled or missing), or {@code null}
 * @param proposalQuestion what an admin is asked to approve, or {@code null}
 * @param usedBy how many projects use it
 * @param maxConcurrent how many of its builds may run at once; {@code null} for no limit
 */
public record InstanceInfo(
    long id,
    String name,
    String builderId,
    String builderName,
    boolean automatic,
    Map<String, String> settings,
    Health health,
    String healthMessage,
    Instant checkedAt,
    String checkNode,
    String lastError,
    Instant lastErrorAt,
    String unavailableReason,
    String proposalQuestion,
    long usedBy,
    Instant updatedAt,
    Integer maxConcurrent) {

  /** The name with the builder's, as pickers show it: "arm64 box (SSH)". */
  public String label() {
    return automatic || name.equalsIgnoreCase(builderName) ? name : name + " (" + builderName + ")";
  }
}

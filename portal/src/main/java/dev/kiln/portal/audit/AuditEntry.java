package dev.kiln.portal.audit;

import java.time.Instant;

/**
 * One recorded entry, as the audit screen shows it.
 *
 * @param action the action's code ({@link AuditAction#code()})
 * @param node the Kiln node that recorded it
 */
public record AuditEntry(
    long id,
    Instant at,
    String actor,
    String action,
    String targetType,
    String targetId,
    String targetName,
    Long projectId,
    String detail,
    String remoteAddress,
    String node) {

  /** The target in a few words: "user bob", "build wheels #3", or "" when there is none. */
  public String target() {
    String name = targetName != null ? targetName : targetId;
    if (targetType == null) {
      return name == null ? "" : name;
    }
    return name == null ? targetType : targetType + " " + name;
  }
}

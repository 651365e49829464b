package dev.kiln.portal.audit;

/**
 * Something to record in the audit log: the action and what it was done to. {@link AuditLog} adds
 * the time, the node and, unless given here, who did it and from which address. Never put a
 * password, a token or a secret value in any field.
 *
 * @param targetType what kind of thing was acted on ({@code user}, {@code secret}, {@code build}…)
 * @param targetId its id, when it has one
 * @param targetName its name as it was then, so the entry still reads well after it is renamed or
 *     deleted
 * @param projectId the project it belongs to, if any
 * @param actor who did it; {@code null} for the current user (or {@code system} when there is none)
 * @param remoteAddress the client's address; {@code null} for the current request's, if any
 */
public record AuditEvent(
    AuditAction action,
    String targetType,
    String targetId,
    String targetName,
    Long projectId,
    String detail,
    String actor,
    String remoteAddress) {

  public static AuditEvent of(
      AuditAction action, String targetType, Object targetId, String targetName) {
    return new AuditEvent(
        action,
        targetType,
        targetId == null ? null : targetId.toString(),
        targetName,
        null,
        "",
        null,
        null);
  }

  public AuditEvent inProject(Long projectId) {
    return new AuditEvent(
        action, targetType, targetId, targetName, projectId, detail, actor, remoteAddress);
  }

  public AuditEvent detail(String detail) {
    return new AuditEvent(
        action, targetType, targetId, targetName, projectId, detail, actor, remoteAddress);
  }

  public AuditEvent by(String actor) {
    return new AuditEvent(
        action, targetType, targetId, targetName, projectId, detail, actor, remoteAddress);
  }

  public AuditEvent from(String remoteAddress) {
    return new AuditEvent(
        action, targetType, targetId, targetName, projectId, detail, actor, remoteAddress);
  }
}

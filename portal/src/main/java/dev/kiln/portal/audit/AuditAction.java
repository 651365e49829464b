package dev.kiln.portal.audit;

/**
 * What an audit entry records. The codes are stored and shown, so they never change; add new
 * actions, never rename one.
 */
public enum AuditAction {
  LOGIN_SUCCEEDED("login.succeeded"),
  LOGIN_FAILED("login.failed"),
  USER_CREATED("user.created"),
  USER_ROLE_CHANGED("user.role-changed"),
  USER_DISABLED("user.disabled"),
  USER_ENABLED("user.enabled"),
  USER_PASSWORD_RESET("user.password-reset"),
  USER_PASSWORD_CHANGED("user.password-changed"),
  USER_PASSWORD_CHANGE_REFUSED("user.password-change-refused"),
  USER_SESSIONS_ENDED("user.sessions-ended"),
  TOKEN_CREATED("token.created"),
  TOKEN_REVOKED("token.revoked"),
  SECRET_CREATED("secret.created"),
  SECRET_REPLACED("secret.replaced"),
  SECRET_DELETED("secret.deleted"),
  SECRET_USED("secret.used"),
  SECRET_OPEN_REFUSED("secret.open-refused"),
  PROJECT_CREATED("project.created"),
  PROJECT_UPDATED("project.updated"),
  PROJECT_DELETED("project.deleted"),
  PROJECT_REPOSITORY_CHECKED("project.repository-checked"),
  MEMBER_ADDED("member.added"),
  MEMBER_ROLE_CHANGED("member.role-changed"),
  MEMBER_REMOVED("member.removed"),
  BUILD_CANCELLED("build.cancelled"),
  /** An owner approved giving secrets to a fork's pull request: a rebuild with them was queued. */
  BUILD_SECRETS_APPROVED("build.secrets-approved"),
  INSTANCE_CREATED("builder-instance.created"),
  INSTANCE_UPDATED("builder-instance.updated"),
  INSTANCE_DELETED("builder-instance.deleted"),
  INSTANCE_VALUE_APPROVED("builder-instance.value-approved"),
  PLUGIN_UPLOADED("plugin.uploaded"),
  PLUGIN_REPLACED("plugin.replaced"),
  PLUGIN_UPLOAD_REFUSED("plugin.upload-refused"),
  PLUGIN_ENABLED("plugin.enabled"),
  PLUGIN_DISABLED("plugin.disabled"),
  PLUGIN_REMOVED("plugin.removed"),
  PLUGIN_RELOADED("plugin.reloaded"),
  SCHEDULE_CREATED("schedule.created"),
  SCHEDULE_UPDATED("schedule.updated"),
  SCHEDULE_DELETED("schedule.deleted"),
  WEBHOOK_KEY_CREATED("webhook.key-created"),
  WEBHOOK_KEY_ROTATED("webhook.key-rotated"),
  WEBHOOK_KEY_DELETED("webhook.key-deleted"),
  WEBHOOK_REFUSED("webhook.refused"),
  /**
   * A trigger or a schedule gave parameters the project does not declare or allow; names only,
   * never values.
   */
  PARAMETERS_REFUSED("build.parameters-refused");

  private final String code;

  AuditAction(String code) {
    this.code = code;
  }

  /** The stable code stored in the log, such as {@code login.failed}. */
  public String code() {
    return code;
  }
}

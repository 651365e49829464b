package dev.kiln.portal.audit.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of the audit log; written once, never changed. */
@Entity
@Table(name = "audit_log")
public class AuditRecord {

  /** Column lengths, in characters; validation takes its limits from here. */
  public static final int ACTOR_LENGTH = 200,
      TARGET_TYPE_LENGTH = 32,
      TARGET_ID_LENGTH = 100,
      TARGET_NAME_LENGTH = 300,
      DETAIL_LENGTH = 2000,
      REMOTE_ADDRESS_LENGTH = 100,
      NODE_LENGTH = 200;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private Instant at;

  @Column(length = ACTOR_LENGTH)
  private String actor;

  @Column(length = 64)
  private String action;

  @Column(name = "target_type", length = TARGET_TYPE_LENGTH)
  private String targetType;

  @Column(name = "target_id", length = TARGET_ID_LENGTH)
  private String targetId;

  @Column(name = "target_name", length = TARGET_NAME_LENGTH)
  private String targetName;

  @Column(name = "project_id")
  private Long projectId;

  @Column(length = DETAIL_LENGTH)
  private String detail;

  @Column(name = "remote_address", length = REMOTE_ADDRESS_LENGTH)
  private String remoteAddress;

  @Column(length = NODE_LENGTH)
  private String node;

  protected AuditRecord() {}

  public AuditRecord(
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
    this.at = at;
    this.actor = actor;
    this.action = action;
    this.targetType = targetType;
    this.targetId = targetId;
    this.targetName = targetName;
    this.projectId = projectId;
    this.detail = detail;
    this.remoteAddress = remoteAddress;
    this.node = node;
  }

  public Long getId() {
    return id;
  }

  public Instant getAt() {
    return at;
  }

  public String getActor() {
    return actor;
  }

  public String getAction() {
    return action;
  }

  public String getTargetType() {
    return targetType;
  }

  public String getTargetId() {
    return targetId;
  }

  public String getTargetName() {
    return targetName;
  }

  public Long getProjectId() {
    return projectId;
  }

  public String getDetail() {
    return detail;
  }

  public String getRemoteAddress() {
    return remoteAddress;
  }

  public String getNode() {
    return node;
  }
}

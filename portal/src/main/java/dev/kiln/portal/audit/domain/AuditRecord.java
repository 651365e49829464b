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

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private Instant at;
  private String actor;
  private String action;

  @Column(name = "target_type")
  private String targetType;

  @Column(name = "target_id")
  private String targetId;

  @Column(name = "target_name")
  private String targetName;

  @Column(name = "project_id")
  private Long projectId;

  private String detail;

  @Column(name = "remote_address")
  private String remoteAddress;

  private String node;

  protected AuditRecord() {}

  public AuditRecord(Instant at, String actor, String action, String targetType, String targetId, String targetName,
      Long projectId, String detail, String remoteAddress, String node) {
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

package dev.kiln.portal.project.domain;

import dev.kiln.portal.access.ProjectRole;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A user's role in one project. */
@Entity
@Table(name = "project_members")
@IdClass(ProjectMember.Key.class)
public class ProjectMember {

  /** Column lengths, in characters; validation takes its limits from here. */
  public static final int ADDED_BY_LENGTH = 100;

  @Id
  @Column(name = "project_id")
  private long projectId;

  @Id
  @Column(name = "user_id")
  private long userId;

  @Enumerated(EnumType.STRING)
  @Column(length = 20)
  private ProjectRole role;

  @Column(name = "added_at")
  private Instant addedAt;

  @Column(name = "added_by", length = ADDED_BY_LENGTH)
  private String addedBy;

  protected ProjectMember() {}

  public ProjectMember(
      long projectId, long userId, ProjectRole role, Instant addedAt, String addedBy) {
    this.projectId = projectId;
    this.userId = userId;
    this.role = role;
    this.addedAt = addedAt;
    this.addedBy = addedBy;
  }

  public long getProjectId() {
    return projectId;
  }

  public long getUserId() {
    return userId;
  }

  public ProjectRole getRole() {
    return role;
  }

  public void setRole(ProjectRole role) {
    this.role = role;
  }

  public Instant getAddedAt() {
    return addedAt;
  }

  public String getAddedBy() {
    return addedBy;
  }

  /** The composite primary key. */
  public static class Key implements Serializable {
    private long projectId;
    private long userId;

    protected Key() {}

    public Key(long projectId, long userId) {
      this.projectId = projectId;
      this.userId = userId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.projectId == projectId && k.userId == userId;
    }

    @Override
    public int hashCode() {
      return Objects.hash(projectId, userId);
    }
  }
}

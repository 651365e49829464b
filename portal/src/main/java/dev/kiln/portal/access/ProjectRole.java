package dev.kiln.portal.access;

/**
 * What a member may do in one project. Admins may do everything in every project without being
 * members.
 */
public enum ProjectRole {
  /** Edits and runs the project, and manages its members and secrets, and may delete it. */
  OWNER,
  /** Edits and runs the project, and cancels its builds. */
  MAINTAINER,
  /** Sees the project, its builds, logs and artifacts. */
  VIEWER;

  /** Whether this role includes what {@code other} may do. */
  public boolean includes(ProjectRole other) {
    return ordinal() <= other.ordinal();
  }

  /** The role in words, for screens. */
  public String label() {
    return name().charAt(0) + name().substring(1).toLowerCase();
  }
}

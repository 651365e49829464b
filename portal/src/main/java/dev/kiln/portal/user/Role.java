package dev.kiln.portal.user;

/** System roles. Per-project membership and permission checks are still to come. */
public enum Role {
  ADMIN,
  MAINTAINER,
  VIEWER
}

package dev.kiln.portal.user.domain;

/** System roles. Issue-level detail (per-project membership) comes with identity and access. */
public enum Role {
  ADMIN,
  MAINTAINER,
  VIEWER
}

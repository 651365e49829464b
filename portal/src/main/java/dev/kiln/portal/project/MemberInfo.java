package dev.kiln.portal.project;

import dev.kiln.portal.access.ProjectRole;
import java.time.Instant;

/** A member of a project as screens and the API show them. */
public record MemberInfo(String username, ProjectRole role, Instant addedAt, String addedBy) {}

package dev.kiln.portal.access;

/**
 * Who may see or change project {@code projectId} may have changed (a member removed or given
 * another role). Published inside the change's transaction; listeners that re-check access act
 * after it commits.
 */
public record ProjectAccessChanged(long projectId) {}

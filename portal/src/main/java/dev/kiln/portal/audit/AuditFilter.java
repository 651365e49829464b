package dev.kiln.portal.audit;

import java.time.Instant;

/**
 * Which audit entries to list; {@code null} or blank parts match everything.
 *
 * @param actor the start of the actor's name, in any case
 * @param from the earliest time, inclusive
 * @param to the latest time, exclusive
 * @param target a project's or target's name or id, or part of a name
 */
public record AuditFilter(
    String actor, AuditAction action, Instant from, Instant to, String target) {

  public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null);
}

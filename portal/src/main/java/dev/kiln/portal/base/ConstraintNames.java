package dev.kiln.portal.base;

import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * The name of the database constraint a write broke, so that a service can say what it means for
 * that constraint alone ("a schedule named X exists", "project N does not exist") and leave every
 * other refusal to the unexpected-error handling rather than guess.
 */
public final class ConstraintNames {

  private ConstraintNames() {}

  /** The constraint or unique index PostgreSQL named in its refusal; empty when it named none. */
  public static Optional<String> of(DataIntegrityViolationException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PSQLException psql) {
        ServerErrorMessage server = psql.getServerErrorMessage();
        return Optional.ofNullable(server == null ? null : server.getConstraint());
      }
    }
    return Optional.empty();
  }
}

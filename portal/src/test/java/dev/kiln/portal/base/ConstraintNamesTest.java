package dev.kiln.portal.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataIntegrityViolationException;

class ConstraintNamesTest {

  @Test
  void findsTheConstraintPostgresNamedHoweverDeepItIsWrapped() {
    var postgres =
        new PSQLException(
            new ServerErrorMessage(
                "SERROR\0C23505\0Mduplicate key value violates unique constraint\0nschedules_project_name_key\0"));
    var hibernate =
        new ConstraintViolationException("could not execute statement", postgres, "ignored");
    assertThat(ConstraintNames.of(new DataIntegrityViolationException("insert", hibernate)))
        .hasValue("schedules_project_name_key");
    assertThat(ConstraintNames.of(new DataIntegrityViolationException("insert", postgres)))
        .hasValue("schedules_project_name_key");
  }

  @Test
  void isEmptyWhenPostgresNamedNone() {
    var tooLong =
        new PSQLException(
            new ServerErrorMessage(
                "SERROR\0C22001\0Mvalue too long for type character" + " varying(200)\0"));
    assertThat(ConstraintNames.of(new DataIntegrityViolationException("update", tooLong)))
        .isEmpty();
    assertThat(
            ConstraintNames.of(
                new DataIntegrityViolationException("update", new SQLException("other"))))
        .isEmpty();
  }
}

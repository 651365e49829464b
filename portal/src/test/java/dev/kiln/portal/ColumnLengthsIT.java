package dev.kiln.portal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every entity's text column declares the length the real schema has ({@code @Column(length)}, from
 * the constant the entity's validation uses), so a check and its column cannot drift apart: a
 * longer column would let values through that the check refuses for nothing, a shorter one would
 * turn a value the check let through into a database error.
 */
class ColumnLengthsIT extends KilnSpringTest {

  @Autowired EntityManagerFactory entities;
  @Autowired JdbcTemplate jdbc;

  @Test
  void everyVarcharColumnOfAnEntityDeclaresItsLength() {
    Map<String, Integer> schema = new HashMap<>();
    jdbc.query(
        """
        select table_name, column_name, character_maximum_length from information_schema.columns
        where table_schema = current_schema() and data_type = 'character varying'""",
        rs -> {
          schema.put(rs.getString(1) + "." + rs.getString(2), rs.getInt(3));
        });
    List<String> drifted = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    entities
        .unwrap(SessionFactoryImplementor.class)
        .getMappingMetamodel()
        .forEachEntityDescriptor(
            entity ->
                entity.forEachSelectable(
                    (index, column) -> {
                      String key =
                          column.getContainingTableExpression()
                              + "."
                              + column.getSelectionExpression();
                      Integer length = schema.get(key);
                      if (length != null) {
                        checked.add(key);
                        if (column.getLength() == null
                            || column.getLength() != length.longValue()) {
                          drifted.add(
                              entity.getEntityName()
                                  + ": "
                                  + key
                                  + " is varchar("
                                  + length
                                  + ") but declares length "
                                  + column.getLength());
                        }
                      }
                    }));
    assertThat(drifted).as("entity columns whose declared length is not the schema's").isEmpty();
    assertThat(checked)
        .as("the test found the entities' columns")
        .contains(
            "schedules.expression",
            "projects.name",
            "secrets.description",
            "api_tokens.name",
            "users.username",
            "builder_instances.name",
            "project_members.added_by");
  }
}

package dev.kiln.portal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.db.DeclareScheduleParameters;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Changeset 012's data step on schedules as they were before declared parameters: allowed names
 * become declarations of their project, and a schedule with a refused name is paused with a note,
 * its values kept, until a user clears them.
 */
@WithMockUser(username = "migration-test", roles = "ADMIN")
class ScheduleParametersMigrationIT extends KilnSpringTest {

  @Autowired ProjectService projects;
  @Autowired ScheduleService schedules;
  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;

  @Test
  void allowedNamesAreDeclaredAndASchedulesRefusedNamePausesItWithANoteKeepingItsValues()
      throws Exception {
    long project =
        projects.create(
            new ProjectDraft(
                "migrated-" + UUID.randomUUID(),
                "",
                "local",
                Map.of(),
                "true\n",
                List.of(),
                Duration.ofMinutes(1)));
    long nightly = schedule(project, "nightly", "{\"RELEASE\": \"1.0\"}");
    long hostile =
        schedule(
            project,
            "hostile",
            "{\"BASH_ENV\": \"$(id)\", \"CHANNEL\": \"beta\", \"lower\": \"x\"}");
    long plain = schedule(project, "plain", "{}");

    try (Connection connection = dataSource.getConnection()) {
      new DeclareScheduleParameters()
          .execute(
              DatabaseFactory.getInstance()
                  .findCorrectDatabaseImplementation(new JdbcConnection(connection)));
      if (!connection.getAutoCommit()) {
        connection.commit(); // as Liquibase does after a changeset
      }
    }

    assertThat(projects.find(project).orElseThrow().parameters())
        .containsExactly(
            ParameterDeclaration.free("CHANNEL"), ParameterDeclaration.free("RELEASE"));
    Map<Long, ScheduleInfo> byId = new HashMap<>();
    schedules.list(project).forEach(s -> byId.put(s.id(), s));
    assertThat(byId.get(nightly).enabled()).isTrue();
    assertThat(byId.get(nightly).note()).isNull();
    assertThat(byId.get(plain).enabled()).isTrue();
    ScheduleInfo paused = byId.get(hostile);
    assertThat(paused.enabled()).isFalse();
    assertThat(paused.note())
        .contains(
            "BASH_ENV is reserved", "'lower' is not a name Kiln passes", "Its values are kept");
    assertThat(paused.parameters())
        .containsEntry("BASH_ENV", "$(id)")
        .containsEntry("CHANNEL", "beta");
    assertThat(
            jdbc.queryForObject(
                "select detail from audit_log where target_type = 'schedule' and target_id = ?"
                    + " and actor = 'system'",
                String.class,
                String.valueOf(hostile)))
        .contains("BASH_ENV");

    // It cannot be resumed as it is; cleared of the refused names, it saves and the note goes.
    assertThatThrownBy(() -> schedules.setEnabled(hostile, true))
        .isInstanceOfSatisfying(
            ScheduleRefusedException.class,
            e -> assertThat(e.problems()).containsKeys("parameters.BASH_ENV"));
    schedules.update(
        hostile,
        paused.updatedAt(),
        new ScheduleDraft(
            "hostile",
            paused.expression(),
            paused.timeZone(),
            true,
            paused.misfire(),
            paused.overlap(),
            Map.of("CHANNEL", "beta")));
    ScheduleInfo resumed =
        schedules.list(project).stream().filter(s -> s.id() == hostile).findFirst().orElseThrow();
    assertThat(resumed.enabled()).isTrue();
    assertThat(resumed.note()).isNull();
  }

  private long schedule(long project, String name, String parametersJson) {
    return jdbc.queryForObject(
        """
        insert into schedules (project_id, name, expression, time_zone, enabled, misfire_policy, overlap_policy,
            parameters_json, created_at, updated_at)
        values (?, ?, '0 3 * * *', 'UTC', true, 'SKIP', 'SKIP', ?, now(), now()) returning id""",
        Long.class,
        project,
        name,
        parametersJson);
  }
}

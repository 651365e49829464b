package dev.kiln.db;

import dev.kiln.plugin.api.EnvironmentPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

/**
 * Changeset 012's data step. Before it, a schedule could give its builds any parameter; from it, a
 * project declares the parameters its triggers may give. Each name a schedule stores is declared on
 * its project (no default, any value) when the rule allows it; a schedule storing a name the rule
 * refuses ({@code BASH_ENV}…) is paused with a note saying why, its values kept for the user to
 * edit, and an audit entry. Its Quartz trigger stays: a paused schedule's fires do nothing, and
 * saving the schedule replaces the trigger.
 */
public class DeclareScheduleParameters implements CustomTaskChange {

  private int declared;
  private int paused;

  @Override
  public void execute(Database database) throws CustomChangeException {
    Connection connection = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
    Map<Long, TreeSet<String>> byProject = new TreeMap<>();
    Map<Long, Refused> refused = new LinkedHashMap<>();
    try (PreparedStatement names =
            connection.prepareStatement(
                """
        select s.id, s.project_id, s.name, k.name from schedules s
        cross join lateral jsonb_object_keys(s.parameters_json::jsonb) as k(name) order by s.id, k.name""");
        ResultSet rows = names.executeQuery()) {
      while (rows.next()) {
        long schedule = rows.getLong(1);
        long project = rows.getLong(2);
        String name = rows.getString(4);
        Optional<String> problem = problem(name);
        if (problem.isEmpty()) {
          byProject.computeIfAbsent(project, p -> new TreeSet<>()).add(name);
        } else {
          refused
              .computeIfAbsent(schedule, s -> new Refused(project, nameOf(rows)))
              .problems
              .add(problem.get());
        }
      }
      for (var entry : byProject.entrySet()) {
        declare(connection, entry.getKey(), entry.getValue());
      }
      for (var entry : refused.entrySet()) {
        pause(connection, entry.getKey(), entry.getValue());
      }
    } catch (SQLException e) {
      throw new CustomChangeException(
          "Could not declare the schedules' parameters: " + e.getMessage(), e);
    }
  }

  /**
   * Why the rule refuses the name, as the portal says it (Kiln's own WEBHOOK_ names included);
   * empty when it allows it.
   */
  static Optional<String> problem(String name) {
    return EnvironmentPolicy.nameProblem(name);
  }

  private void declare(Connection connection, long project, TreeSet<String> names)
      throws SQLException {
    // Names that pass the rule are upper-case letters, digits and _: nothing in them needs
    // escaping.
    var json = new StringBuilder("[");
    for (String name : names) {
      json.append(json.length() > 1 ? "," : "")
          .append("{\"name\":\"")
          .append(name)
          .append("\",\"description\":\"\",\"defaultValue\":\"\",\"choices\":[],\"pattern\":null}");
    }
    try (PreparedStatement update =
        connection.prepareStatement("update projects set parameters_json = ? where id = ?")) {
      update.setString(1, json.append(']').toString());
      update.setLong(2, project);
      update.executeUpdate();
    }
    declared += names.size();
  }

  private void pause(Connection connection, long schedule, Refused refused) throws SQLException {
    String note =
        clip(
            "Paused when Kiln began to accept only declared parameters: "
                + String.join(" ", refused.problems)
                + " Its values are kept: edit the schedule, clear those fields, save and resume it.",
            1000);
    try (PreparedStatement update =
            connection.prepareStatement(
                "update schedules set enabled = false, note = ? where id = ?");
        PreparedStatement audit =
            connection.prepareStatement(
                """
            insert into audit_log (at, actor, action, target_type, target_id, target_name, project_id, detail, node)
            values (now(), 'system', 'schedule.updated', 'schedule', ?, ?, ?, ?, 'upgrade')""")) {
      update.setString(1, note);
      update.setLong(2, schedule);
      update.executeUpdate();
      audit.setString(1, String.valueOf(schedule));
      audit.setString(2, clip(refused.name, 300));
      audit.setLong(3, refused.project);
      audit.setString(4, clip(note, 2000));
      audit.executeUpdate();
    }
    paused++;
  }

  private static String nameOf(ResultSet rows) {
    try {
      return rows.getString(3);
    } catch (SQLException e) {
      return "";
    }
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  @Override
  public String getConfirmationMessage() {
    return "Declared "
        + declared
        + " schedule parameter(s) on their projects; paused "
        + paused
        + " schedule(s) whose parameters cannot be declared.";
  }

  @Override
  public void setUp() {}

  @Override
  public void setFileOpener(ResourceAccessor resourceAccessor) {}

  @Override
  public ValidationErrors validate(Database database) {
    return new ValidationErrors();
  }

  /** A schedule's refused names, with why. */
  private static final class Refused {
    final long project;
    final String name;
    final TreeSet<String> problems = new TreeSet<>();

    Refused(long project, String name) {
      this.project = project;
      this.name = name;
    }
  }
}

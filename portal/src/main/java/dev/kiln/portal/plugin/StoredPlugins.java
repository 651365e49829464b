package dev.kiln.portal.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The cluster's plugins in PostgreSQL ({@code plugin_jar}): uploaded jars with their content, and
 * the enabled state admins gave any plugin. The database is the truth every node follows.
 */
@Component
@DependsOnDatabaseInitialization // ClusterPluginSync reads the table while the application starts
class StoredPlugins {

  /** One row, without the jar's content. */
  record Row(
      String pluginId,
      String version,
      String fileName,
      String sha256,
      boolean hasContent,
      boolean enabled,
      long generation,
      String uploadedBy,
      Instant uploadedAt,
      String disabledBy,
      Instant disabledAt) {}

  private static final String COLUMNS =
      "plugin_id, version, file_name, sha256, content is not null as has_content,"
          + " enabled, generation, uploaded_by, uploaded_at, disabled_by, disabled_at";

  private final JdbcTemplate jdbc;

  StoredPlugins(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  List<Row> rows() {
    return jdbc.query(
        "select " + COLUMNS + " from plugin_jar order by plugin_id",
        (rs, n) ->
            new Row(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getBoolean(5),
                rs.getBoolean(6),
                rs.getLong(7),
                rs.getString(8),
                instant(rs.getTimestamp(9)),
                rs.getString(10),
                instant(rs.getTimestamp(11))));
  }

  Optional<Row> row(String pluginId) {
    return rows().stream().filter(r -> r.pluginId().equals(pluginId)).findFirst();
  }

  /**
   * Stores an uploaded jar, replacing the one with the same plugin id if any; keeps its enabled
   * state.
   */
  void saveJar(PluginJar jar, String fileName, Path content, String actor, Instant at)
      throws IOException {
    try (InputStream in = Files.newInputStream(content)) {
      long size = Files.size(content);
      jdbc.update(
          connection -> {
            var statement =
                connection.prepareStatement(
                    "insert into plugin_jar (plugin_id, version, file_name, sha256,"
                        + " content, uploaded_by, uploaded_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (plugin_id) do update set"
                        + " version = excluded.version, file_name = excluded.file_name, sha256 = excluded.sha256, content ="
                        + " excluded.content, uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at,"
                        + " generation = plugin_jar.generation + 1");
            statement.setString(1, jar.id());
            statement.setString(2, jar.version());
            statement.setString(3, fileName);
            statement.setString(4, jar.sha256());
            statement.setBinaryStream(5, in, size);
            statement.setString(6, actor);
            statement.setTimestamp(7, Timestamp.from(at));
            return statement;
          });
    }
  }

  /** Writes the stored jar of {@code pluginId} to {@code target}; false when there is none. */
  boolean copyJar(String pluginId, Path target) {
    return Boolean.TRUE.equals(
        jdbc.query(
            "select content from plugin_jar where plugin_id = ? and content is not null",
            rs -> {
              if (!rs.next()) {
                return false;
              }
              try (InputStream in = rs.getBinaryStream(1)) {
                Files.createDirectories(target.getParent());
                Path part = target.resolveSibling(target.getFileName() + ".part");
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(
                    part,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
                return true;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            pluginId));
  }

  void setEnabled(String pluginId, boolean enabled, String actor, Instant at) {
    jdbc.update(
        "insert into plugin_jar (plugin_id, enabled, disabled_by, disabled_at) values (?, ?, ?, ?)"
            + " on conflict (plugin_id) do update set enabled = excluded.enabled, disabled_by = excluded.disabled_by,"
            + " disabled_at = excluded.disabled_at",
        pluginId,
        enabled,
        enabled ? null : actor,
        enabled ? null : Timestamp.from(at));
  }

  /**
   * Asks every node to load the plugin again: above both the stored generation and the one this
   * node has.
   */
  void raiseGeneration(String pluginId, long loaded) {
    jdbc.update(
        "insert into plugin_jar (plugin_id, generation) values (?, ?) on conflict (plugin_id) do update set"
            + " generation = greatest(plugin_jar.generation + 1, excluded.generation)",
        pluginId,
        loaded + 1);
  }

  /** Deletes an uploaded plugin's row, with its content and state. */
  void delete(String pluginId) {
    jdbc.update("delete from plugin_jar where plugin_id = ?", pluginId);
  }

  /** Tells every node (this one too) to compare its plugins with the table. */
  void notifyNodes(String node) {
    jdbc.queryForObject("select pg_notify(?, ?)", Object.class, ClusterPluginSync.CHANNEL, node);
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}

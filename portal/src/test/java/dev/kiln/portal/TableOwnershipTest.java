package dev.kiln.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each table belongs to one feature, and only that feature's code names it in SQL: another feature
 * asks the owner's service. The {@link ArchitectureTest} rules see class dependencies, not the
 * table names inside SQL strings; this test reads those strings from the compiled classes (string
 * constants, text blocks and annotation values such as {@code @Query}).
 */
class TableOwnershipTest {

  /** Tables without a JPA entity, by the feature that owns them. Entity tables own themselves. */
  static final Map<String, String> OWNERS_WITHOUT_ENTITY =
      Map.of(
          "nodes", "node",
          "plugin_jar", "plugin",
          "repository_checks", "project",
          "schedule_fires", "schedule",
          "webhooks", "webhook",
          "webhook_deliveries", "webhook");

  /** Quartz's job store tables ({@code qrtz_*}): the schedule feature owns the Quartz setup. */
  static final String QUARTZ_OWNER = "schedule";

  /**
   * Known violations, as "class → table", each with the reason it is allowed for now. Delete an
   * entry once its class no longer names the table (the test says so).
   */
  static final Map<String, String> ALLOWED =
      Map.of(
          // The security checks behind every @PreAuthorize: one query each, on every call, so the
          // membership check joins the enabled account rather than asking the user feature first.
          "dev.kiln.portal.project.ProjectMemberships → users",
          "the security check on every call is one query; joins the enabled account of the name",
          // One paged, filtered query over membership and enabled accounts: a user-feature view is
          // needed before it can stop joining users.
          "dev.kiln.portal.project.domain.ProjectRepository → users",
          "the paged project list joins enabled accounts; to be routed through the user feature");

  private static final Pattern CREATE_TABLE =
      Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?\"?(\\w+)");
  private static final Pattern YAML_CREATE_TABLE =
      Pattern.compile("createTable:[\\s\\S]*?tableName:\\s*(\\w+)");
  private static final Pattern INCLUDED_FILE =
      Pattern.compile("(?:file|path):\\s*([\\w./-]+\\.(?:ya?ml|sql))");

  /** A statement, not prose: starts with a SQL verb, or selects from something. */
  private static final Pattern SQL =
      Pattern.compile(
          "(?is)\\s*(?:select|insert|update|delete|with|merge|lock|truncate|alter|create|drop)\\s.*"
              + "|.*\\bselect\\b.+\\bfrom\\b.*");

  static Map<String, String> owners;
  static Map<String, String> changelogTables;
  static JavaClasses kiln;

  @BeforeAll
  static void readSchemaAndClasses() {
    kiln =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.kiln.portal");
    owners = new TreeMap<>();
    for (JavaClass entity : kiln) {
      if (entity.isAnnotatedWith(Table.class)) {
        String table = entity.getAnnotationOfType(Table.class).name().toLowerCase(Locale.ROOT);
        owners.put(table, feature(entity.getPackageName()));
      }
    }
    OWNERS_WITHOUT_ENTITY.forEach(owners::putIfAbsent);
    changelogTables = new TreeMap<>();
    readChangelog("db/changelog/db.changelog-master.yaml", new TreeSet<>());
    changelogTables.keySet().stream()
        .filter(t -> t.startsWith("qrtz_"))
        .forEach(t -> owners.putIfAbsent(t, QUARTZ_OWNER));
  }

  @Test
  void theSchemaIsRead() {
    assertThat(changelogTables).containsKeys("projects", "builds", "qrtz_triggers", "nodes");
  }

  @Test
  void everyTableHasAnOwningFeature() {
    List<String> problems = new ArrayList<>();
    changelogTables.forEach(
        (table, file) -> {
          if (!owners.containsKey(table)) {
            problems.add(
                "Table "
                    + table
                    + " (created in "
                    + file
                    + ") has no owning feature: give it a JPA entity with @Table in its feature's"
                    + " domain package, or add it to TableOwnershipTest.OWNERS_WITHOUT_ENTITY.");
          }
        });
    owners.forEach(
        (table, feature) -> {
          if (!changelogTables.containsKey(table)) {
            problems.add(
                "Table "
                    + table
                    + " (owned by "
                    + feature
                    + ") is created by no Liquibase changelog: correct its name, or remove it.");
          }
        });
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  @Test
  void featuresNameOnlyTheirOwnTablesInSql() {
    List<String> problems = new ArrayList<>();
    Set<String> allowedSeen = new TreeSet<>();
    for (JavaClass javaClass : kiln) {
      String feature = feature(javaClass.getPackageName());
      String topLevel = javaClass.getName().replaceFirst("\\$.*", "");
      for (String sql : sqlIn(javaClass)) {
        for (String table : tablesNamedIn(sql)) {
          String owner = owners.get(table);
          if (owner == null || owner.equals(feature)) {
            continue;
          }
          String key = topLevel + " → " + table;
          if (ALLOWED.containsKey(key)) {
            allowedSeen.add(key);
            continue;
          }
          problems.add(
              topLevel
                  + " (feature "
                  + feature
                  + ") names table "
                  + table
                  + ", which the "
                  + owner
                  + " feature owns, in SQL: \""
                  + sql.strip().replaceAll("\\s+", " ")
                  + "\". Call a method of the "
                  + owner
                  + " feature's service instead (add a small one there if none fits, inside the"
                  + " caller's transaction when it locks or writes with the caller's own rows).");
        }
      }
    }
    ALLOWED.keySet().stream()
        .filter(key -> !allowedSeen.contains(key))
        .forEach(
            key ->
                problems.add(
                    key
                        + " is allowed in TableOwnershipTest.ALLOWED but no longer happens:"
                        + " delete the entry."));
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  /** The feature a package belongs to: its first segment below {@code dev.kiln.portal}. */
  static String feature(String packageName) {
    String below = packageName.replaceFirst("^dev\\.kiln\\.portal\\.?", "");
    return below.isEmpty() ? "(root)" : below.split("\\.")[0];
  }

  static Set<String> tablesNamedIn(String sql) {
    Set<String> named = new TreeSet<>();
    Matcher words = Pattern.compile("(?<![\\w.:])\"?([A-Za-z_][\\w]*)").matcher(sql);
    while (words.find()) {
      String word = words.group(1).toLowerCase(Locale.ROOT);
      if (changelogTables.containsKey(word)) {
        named.add(word);
      }
    }
    return named;
  }

  /** The SQL among the class file's strings (its constant pool's UTF-8 entries). */
  static List<String> sqlIn(JavaClass javaClass) {
    try (InputStream in = javaClass.getSource().orElseThrow().getUri().toURL().openStream()) {
      return ClassConstants.utf8(in).stream().filter(s -> SQL.matcher(s).matches()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Follows the master changelog's includes, recording each created table and its file. */
  private static void readChangelog(String resource, Set<String> read) {
    if (!read.add(resource)) {
      return;
    }
    String text = resourceText(resource);
    for (Pattern created : List.of(CREATE_TABLE, YAML_CREATE_TABLE)) {
      Matcher m = created.matcher(text);
      while (m.find()) {
        changelogTables.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), resource);
      }
    }
    Matcher included = INCLUDED_FILE.matcher(text);
    while (included.find()) {
      readChangelog(included.group(1), read);
    }
  }

  private static String resourceText(String resource) {
    try (InputStream in = TableOwnershipTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as("changelog " + resource + " on the class path").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.kiln.portal.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.database.EmbeddedDatabase;
import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.node.NodeRole;
import dev.kiln.portal.secret.domain.Secret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The key rotation command, run as an operator runs it, against its own database (in the test
 * context's PostgreSQL server) and its own key files: the shared context's secrets and keys are
 * never touched.
 */
class SecretKeyCommandIT extends KilnSpringTest {

  /**
   * The command starts a quiet Spring application of its own, which sets the JVM's log levels; put
   * them back, so that later tests in this JVM (the leak scan among them) see the usual log output.
   */
  @AfterAll
  static void restoreLogLevels() {
    var logging = LoggingSystem.get(SecretKeyCommandIT.class.getClassLoader());
    logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
    logging.setLogLevel("org.springframework.boot.SpringApplication", null);
    logging.setLogLevel("org.springframework.context", null);
  }

  private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");
  private static final NodeProperties RUNNER =
      new NodeProperties("runner-1", Set.of(NodeRole.RUNNER));
  private static String database;

  @Autowired EmbeddedDatabase server;
  @Autowired JdbcTemplate sharedDatabase;

  @TempDir Path keys;

  private record Run(int status, String out, String err) {}

  @Test
  void rotationSealsEveryValueUnderANewKeyAndDroppingRemovesTheOldOne() throws Exception {
    Path publicFile = keys.resolve("secrets-public.json");
    Path privateFile = keys.resolve("secrets-private.json");
    SecretKeys.generate(publicFile, privateFile);
    String oldPrivateJson = Files.readString(privateFile);
    int oldKey = SecretKeys.readPrivate(privateFile).getPrimary().getId();
    // A web node that has not got the new public key yet keeps sealing with the old one.
    HybridEncrypt laggingNode =
        SecretKeys.readPublic(publicFile)
            .getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
    // A runner node whose portal was started before the rotation and reads the changed file.
    KeysetFile<HybridDecrypt> runningNode = KeysetFile.privateKeys(privateFile);

    JdbcTemplate jdbc = database();
    Run nothingToDrop = run(privateFile, publicFile, "--drop-old-keys");
    assertThat(nothingToDrop.status()).as(nothingToDrop.err()).isZero();
    assertThat(nothingToDrop.out()).contains("there is no old key to remove");
    Long project =
        jdbc.queryForObject(
            "insert into projects (name, builder_id, settings_json, script, timeout_seconds,"
                + " created_at, updated_at) values ('rotation', 'local', '{}', 'true', 60, now(), now()) returning id",
            Long.class);
    Map<Long, String> values = new LinkedHashMap<>();
    values.put(
        insert(jdbc, null, "DEPLOY_TOKEN", "global-value-Xy1", laggingNode), "global-value-Xy1");
    values.put(
        insert(jdbc, null, "OTHER_TOKEN", "global-value-Xy2", laggingNode), "global-value-Xy2");
    values.put(
        insert(jdbc, project, "DEPLOY_TOKEN", "project-value-Xy3", laggingNode),
        "project-value-Xy3");
    Map<Long, byte[]> before = ciphertexts(jdbc);

    Run rotated = run(privateFile, publicFile);

    assertThat(rotated.status()).as(rotated.err()).isZero();
    KeysetHandle rotatedKeys = SecretKeys.readPrivate(privateFile);
    int newKey = rotatedKeys.getPrimary().getId();
    assertThat(newKey).isNotEqualTo(oldKey);
    assertThat(SecretKeyRotation.oldKeyIds(rotatedKeys)).containsExactly(oldKey);
    assertThat(SecretKeys.readPublic(publicFile).getPrimary().getId()).isEqualTo(newKey);
    assertThat(rotated.out())
        .contains(
            "values sealed again:  3",
            "new primary key:      " + Integer.toUnsignedString(newKey),
            "old keys kept:        " + Integer.toUnsignedString(oldKey));
    assertNoValueIn(rotated, values);
    Map<Long, byte[]> after = ciphertexts(jdbc);
    assertThat(after).containsOnlyKeys(values.keySet());
    for (long id : values.keySet()) {
      assertThat(after.get(id)).as("secret " + id).isNotEqualTo(before.get(id));
      assertThat(SecretKeys.keyId(after.get(id))).isEqualTo(newKey);
      assertThat(open(runningNode, jdbc, id)).isEqualTo(values.get(id));
    }
    assertThat(jdbc.queryForList("select updated_at from secrets", Timestamp.class))
        .as("a value sealed again has not changed")
        .allMatch(t -> t.toInstant().equals(CREATED));
    assertThat(permissions(privateFile)).isEqualTo("rw-------");
    Path backup = onlyBackup(privateFile);
    assertThat(permissions(backup)).isEqualTo("rw-------");
    assertThat(Files.readString(backup)).isEqualTo(oldPrivateJson);

    long lagging = insert(jdbc, null, "LAGGING_TOKEN", "lagging-value-Xy4", laggingNode);
    values.put(lagging, "lagging-value-Xy4");
    assertThat(open(runningNode, jdbc, lagging)).isEqualTo("lagging-value-Xy4");

    Run dropped = run(privateFile, publicFile, "--drop-old-keys");

    assertThat(dropped.status()).as(dropped.err()).isZero();
    assertThat(dropped.out())
        .contains(
            "keys removed:         " + Integer.toUnsignedString(oldKey), "values sealed again:  1");
    assertNoValueIn(dropped, values);
    KeysetHandle finalKeys = SecretKeys.readPrivate(privateFile);
    assertThat(finalKeys.size()).isOne();
    assertThat(finalKeys.getPrimary().getId()).isEqualTo(newKey);
    assertThat(SecretKeys.readPublic(publicFile).size()).isOne();
    Map<Long, byte[]> last = ciphertexts(jdbc);
    assertThat(last.values()).allMatch(ciphertext -> SecretKeys.keyId(ciphertext) == newKey);
    for (long id : values.keySet()) {
      assertThat(open(runningNode, jdbc, id)).isEqualTo(values.get(id));
    }
    // Values sealed with the old key, as in a database backup from before the rotation, no longer
    // open.
    HybridDecrypt finalOpener =
        finalKeys.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
    Secret first = secret(jdbc, values.keySet().iterator().next());
    assertThatThrownBy(() -> finalOpener.decrypt(before.get(first.getId()), first.contextInfo()))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void aNodeWithoutThePrivateKeyRefusesAndChangesNothing() throws Exception {
    Path publicFile = keys.resolve("secrets-public.json");
    Path privateFile = keys.resolve("secrets-private.json");
    SecretKeys.generate(publicFile, privateFile);
    Files.delete(privateFile);
    String publicJson = Files.readString(publicFile);
    database();

    Run refused = run(privateFile, publicFile);

    assertThat(refused.status()).isOne();
    assertThat(refused.err())
        .contains(
            "This node has no secrets private key (" + privateFile + ")",
            "Run the command on a runner or uploader node");
    assertThat(Files.readString(publicFile)).isEqualTo(publicJson);
    try (Stream<Path> files = Files.list(keys)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .as("no private key or backup was written")
          .noneMatch(name -> name.startsWith("secrets-private"));
    }
  }

  @Test
  void aValueThatDoesNotOpenStopsTheRotationBeforeAnyValueIsSealedAgain() throws Exception {
    Path publicFile = keys.resolve("secrets-public.json");
    Path privateFile = keys.resolve("secrets-private.json");
    SecretKeys.generate(publicFile, privateFile);
    SecretKeys.generate(keys.resolve("foreign/public.json"), keys.resolve("foreign/private.json"));
    HybridEncrypt ours =
        SecretKeys.readPublic(publicFile)
            .getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
    HybridEncrypt foreign =
        SecretKeys.readPublic(keys.resolve("foreign/public.json"))
            .getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
    JdbcTemplate jdbc = database();
    long good = insert(jdbc, null, "GOOD_TOKEN", "good-value-Xy5", ours);
    long bad = insert(jdbc, null, "FOREIGN_TOKEN", "foreign-value-Xy6", foreign);
    Map<Long, byte[]> before = ciphertexts(jdbc);

    Run failed = run(privateFile, publicFile);

    assertThat(failed.status()).isOne();
    assertThat(failed.err())
        .contains(
            "Secret FOREIGN_TOKEN (global, id " + bad + ") does not open",
            "no value was sealed again",
            "every value still opens");
    assertThat(ciphertexts(jdbc))
        .containsOnlyKeys(good, bad)
        .allSatisfy((id, ciphertext) -> assertThat(ciphertext).isEqualTo(before.get(id)));
    assertThat(open(KeysetFile.privateKeys(privateFile), jdbc, good)).isEqualTo("good-value-Xy5");
    assertThat(SecretKeys.readPrivate(privateFile).size()).isEqualTo(2);
  }

  @Test
  void unknownArgumentsAreRefusedWithTheUsage() {
    var err = new ByteArrayOutputStream();
    assertThat(
            SecretKeyCommand.run(
                new String[] {"now"},
                System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Unknown argument now. Usage: rotate-secret-keys");
  }

  /**
   * The command's own database in the test server, without secrets. It is created once, and its
   * tables by a first run of the command (Liquibase, as in the portal), with keys of its own.
   */
  private JdbcTemplate database() throws Exception {
    if (database == null) {
      database = "rotation_" + ProcessHandle.current().pid();
      sharedDatabase.execute("create database " + database);
      Path elsewhere = Files.createTempDirectory(keys, "first-run");
      SecretKeys.generate(elsewhere.resolve("public.json"), elsewhere.resolve("private.json"));
      Run first =
          run(
              elsewhere.resolve("private.json"),
              elsewhere.resolve("public.json"),
              "--drop-old-keys");
      assertThat(first.status()).as(first.err()).isZero();
    }
    JdbcTemplate jdbc =
        new JdbcTemplate(new DriverManagerDataSource(url(), "postgres", server.password()));
    jdbc.update("delete from secrets");
    jdbc.update("delete from projects");
    return jdbc;
  }

  private String url() {
    return "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + database;
  }

  private Run run(Path privateFile, Path publicFile, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--spring.datasource.url=" + url(),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=" + server.password(),
                "--kiln.secrets.private-key-file=" + privateFile,
                "--kiln.secrets.public-key-file=" + publicFile));
    args.addAll(List.of(more));
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int status =
        SecretKeyCommand.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static long insert(
      JdbcTemplate jdbc, Long project, String name, String value, HybridEncrypt publicKey) {
    long id = jdbc.queryForObject("select nextval('secrets_seq')", Long.class);
    Secret secret = new Secret(id, project, name, "", CREATED);
    new SecretSealer(() -> publicKey).seal(secret, value, CREATED);
    jdbc.update(
        "insert into secrets (id, project_id, name, ciphertext, created_at, updated_at) values (?, ?, ?, ?, ?, ?)",
        id,
        project,
        name,
        secret.getCiphertext(),
        Timestamp.from(CREATED),
        Timestamp.from(CREATED));
    return id;
  }

  private static Map<Long, byte[]> ciphertexts(JdbcTemplate jdbc) {
    Map<Long, byte[]> all = new LinkedHashMap<>();
    jdbc.query(
        "select id, ciphertext from secrets order by id",
        row -> {
          all.put(row.getLong("id"), row.getBytes("ciphertext"));
        });
    return all;
  }

  private static Secret secret(JdbcTemplate jdbc, long id) {
    return jdbc.queryForObject(
        "select * from secrets where id = ?",
        (row, n) -> {
          long project = row.getLong("project_id");
          Secret secret =
              new Secret(id, row.wasNull() ? null : project, row.getString("name"), "", CREATED);
          secret.seal(row.getBytes("ciphertext"), CREATED);
          return secret;
        },
        id);
  }

  private static String open(KeysetFile<HybridDecrypt> privateKeys, JdbcTemplate jdbc, long id) {
    return new SecretVault(RUNNER, privateKeys, null, null)
        .open(secret(jdbc, id)); // a runner never audits a refusal
  }

  private static void assertNoValueIn(Run run, Map<Long, String> values) {
    assertThat(run.out() + run.err()).doesNotContain(values.values());
  }

  private static Path onlyBackup(Path privateFile) throws Exception {
    try (Stream<Path> files = Files.list(privateFile.getParent())) {
      List<Path> backups = files.filter(f -> f.getFileName().toString().endsWith(".bak")).toList();
      assertThat(backups).hasSize(1);
      assertThat(backups.getFirst().getFileName().toString()).startsWith("secrets-private.json.");
      return backups.getFirst();
    }
  }

  private static String permissions(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}

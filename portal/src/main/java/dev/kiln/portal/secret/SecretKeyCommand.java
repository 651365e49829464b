package dev.kiln.portal.secret;

import dev.kiln.portal.database.DatabaseProperties;
import dev.kiln.portal.secret.domain.Secret;
import dev.kiln.portal.secret.domain.SecretRepository;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code kiln rotate-secret-keys [--drop-old-keys] [--name=value ...]}: rotates the secrets' key
 * pair (see {@link SecretKeyRotation}) and says what it did, never a value. It starts only the
 * database and the secrets table, with the same settings as the portal: no web server, no
 * scheduler, no builds, so it may run beside a node's portal (with an external database) without
 * disturbing it. {@code --name=value} arguments override settings, as for the portal.
 */
public final class SecretKeyCommand {

  /** The first argument that runs this command instead of the portal. */
  public static final String NAME = "rotate-secret-keys";

  static final String DROP_OLD_KEYS = "--drop-old-keys";

  private SecretKeyCommand() {}

  /**
   * Runs the command.
   *
   * @param args the arguments after {@link #NAME}
   * @return the process's exit status: 0 done, 1 refused or failed, 2 unknown arguments
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    boolean drop = false;
    List<String> settings = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals(DROP_OLD_KEYS)) {
        drop = true;
      } else if (arg.startsWith("--") && arg.contains("=")) {
        settings.add(arg);
      } else {
        err.println(
            "Unknown argument "
                + arg
                + ". Usage: "
                + NAME
                + " ["
                + DROP_OLD_KEYS
                + "] [--setting=value ...]");
        return 2;
      }
    }
    SpringApplication application = new SpringApplication(Context.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    // Quiet: the command prints what it did, and why it failed in one line rather than a stack
    // trace.
    application.setDefaultProperties(
        Map.of(
            "logging.level.root",
            "warn",
            "spring.main.log-startup-info",
            "false",
            "logging.level.org.springframework.boot.SpringApplication",
            "off",
            "logging.level.org.springframework.context",
            "error"));
    String failed =
        drop ? "The old secrets keys were not removed: " : "The secrets keys were not rotated: ";
    ConfigurableApplicationContext started;
    try {
      started = application.run(settings.toArray(String[]::new));
    } catch (RuntimeException e) {
      err.println(
          failed
              + "the command could not start. "
              + deepestMessage(e)
              + " (With the embedded database, Kiln must be stopped while the command runs.)");
      return 1;
    }
    try (ConfigurableApplicationContext context = started) {
      SecretKeyRotation rotation = context.getBean(SecretKeyRotation.class);
      SecretProperties files = context.getBean(SecretProperties.class);
      if (drop) {
        reportDrop(rotation.dropOldKeys(), files, out);
      } else {
        reportRotation(rotation.rotate(), files, out);
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println(failed + (e instanceof IOException ? e.toString() : e.getMessage()));
      return 1;
    }
  }

  private static void reportRotation(
      SecretKeyRotation.Outcome outcome, SecretProperties files, PrintStream out) {
    out.printf(
        """
        Rotated the secrets key pair.
          new primary key:      %s (it seals every value from now on)
          old keys kept:        %s (they open values sealed before the new public key reached every node)
          values sealed again:  %d
          key files written:    %s and %s
          previous private key: %s (keep it as long as you keep database backups from before now)
        Next: copy the public key file to every node and the private key file to every runner and uploader
        node; running nodes read changed key files without a restart. Once all nodes have them, run
        %s %s to remove the old keys.
        """,
        id(outcome.primaryKeyId()),
        ids(outcome.otherKeyIds()),
        outcome.resealed(),
        files.privateKeyFile(),
        files.publicKeyFile(),
        outcome.backup(),
        NAME,
        DROP_OLD_KEYS);
  }

  private static void reportDrop(
      SecretKeyRotation.Outcome outcome, SecretProperties files, PrintStream out) {
    if (outcome.otherKeyIds().isEmpty()) {
      out.printf(
          "The secrets keyset holds only its primary key %s: there is no old key to remove.%n",
          id(outcome.primaryKeyId()));
      return;
    }
    out.printf(
        """
        Removed the old secrets keys.
          keys removed:         %s
          primary key:          %s (the only key now)
          values sealed again:  %d (they were still sealed with an old key)
          key files written:    %s and %s
          previous private key: %s (keep it as long as you keep database backups from before the rotation)
        Next: copy the key files to the nodes again, as after the rotation.
        """,
        ids(outcome.otherKeyIds()),
        id(outcome.primaryKeyId()),
        outcome.resealed(),
        files.privateKeyFile(),
        files.publicKeyFile(),
        outcome.backup());
  }

  /** Tink key ids are unsigned 32-bit numbers. */
  private static String id(int keyId) {
    return Integer.toUnsignedString(keyId);
  }

  private static String ids(List<Integer> keyIds) {
    return keyIds.stream().map(SecretKeyCommand::id).collect(Collectors.joining(", "));
  }

  /** The message of the innermost cause: what Spring's wrappers around a start-up failure hide. */
  private static String deepestMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  /**
   * What the command starts: the database (embedded or external, as configured), Liquibase and the
   * secrets table. Deliberately not a {@code @Configuration}, so that the portal's component scan
   * never picks it up.
   */
  @ImportAutoConfiguration({
    DataSourceAutoConfiguration.class,
    LiquibaseAutoConfiguration.class,
    HibernateJpaAutoConfiguration.class,
    TransactionAutoConfiguration.class
  })
  @EnableConfigurationProperties({SecretProperties.class, DatabaseProperties.class})
  @ComponentScan(
      basePackageClasses =
          DatabaseProperties.class) // the embedded database, unless an external one is set
  @EnableJpaRepositories(basePackageClasses = SecretRepository.class)
  @EntityScan(basePackageClasses = Secret.class)
  static class Context {

    @Bean
    SecretKeyRotation secretKeyRotation(
        SecretRepository secrets, PlatformTransactionManager transactions, SecretProperties files) {
      return new SecretKeyRotation(
          secrets, new TransactionTemplate(transactions), files, Clock.systemUTC());
    }
  }
}

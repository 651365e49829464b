package dev.kiln.portal.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two nodes on one database: this test's Kiln and a second node made of its own plugin host and
 * sync. What an admin does on one becomes true on the other without a restart.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PluginNodesIT extends KilnSpringTest {

  @Autowired PluginAdministration administration;
  @Autowired DataSource dataSource;
  @TempDir Path dir;

  @Test
  void anUploadOnOneNodeBecomesUsableOnTheOtherAndFollowsDisableAndRemove() throws Exception {
    PluginHost other =
        new PluginHost(List.of(), Files.createDirectories(dir.resolve("other-plugins")), true);
    var properties =
        new PluginProperties(
            dir.resolve("other-plugins"),
            dir.resolve("other-bundled"),
            dir.resolve("other-uploaded"),
            true,
            null,
            Duration.ofMinutes(10),
            null); // long: only NOTIFY can be in time
    var sync = new ClusterPluginSync(other, new StoredPlugins(dataSource), dataSource, properties);
    sync.afterPropertiesSet();
    sync.startFollowing();
    try {
      Path jar =
          BrokenPluginJars.working("travelling", "travelling")
              .writeTo(dir.resolve("travelling.jar"));
      long start = System.nanoTime();
      as("ada", List.of("ROLE_ADMIN"), () -> upload(jar));
      await(
          "the other node to load the upload",
          Duration.ofSeconds(15),
          () -> other.builder("travelling").isPresent());
      System.out.printf(
          "Upload on one node usable on the other after %d ms%n",
          (System.nanoTime() - start) / 1_000_000);
      assertThat(other.builder("travelling").orElseThrow().isAvailable()).isTrue();
      assertThat(other.loaded().plugin("travelling").orElseThrow().source())
          .isEqualTo(PluginSource.UPLOADED);
      assertThat(Files.list(dir.resolve("other-uploaded"))).hasSize(1);

      as(
          "ada",
          List.of("ROLE_ADMIN"),
          () -> {
            administration.disable("travelling");
            return null;
          });
      await(
          "the other node to disable it",
          Duration.ofSeconds(15),
          () -> !other.builder("travelling").orElseThrow().isAvailable());
      assertThat(other.builder("travelling").orElseThrow().unavailableReason())
          .startsWith("Disabled by ada on ");

      as(
          "ada",
          List.of("ROLE_ADMIN"),
          () -> {
            administration.remove("travelling");
            return null;
          });
      await(
          "the other node to remove it",
          Duration.ofSeconds(15),
          () -> other.builder("travelling").isEmpty());
      assertThat(Files.list(dir.resolve("other-uploaded"))).isEmpty();
    } finally {
      sync.destroy();
      other.stop();
    }
  }

  @Test
  void aNodeStartingLaterLoadsTheStoredJars() throws Exception {
    Path jar = BrokenPluginJars.working("stored", "stored").writeTo(dir.resolve("stored.jar"));
    as("ada", List.of("ROLE_ADMIN"), () -> upload(jar));
    PluginHost late =
        new PluginHost(List.of(), Files.createDirectories(dir.resolve("late-plugins")), true);
    var properties =
        new PluginProperties(
            dir.resolve("late-plugins"),
            dir.resolve("late-bundled"),
            dir.resolve("late-uploaded"),
            true,
            null,
            null,
            null);
    try {
      new ClusterPluginSync(late, new StoredPlugins(dataSource), dataSource, properties)
          .afterPropertiesSet();
      assertThat(late.builder("stored")).isPresent();
    } finally {
      late.stop();
      as(
          "ada",
          List.of("ROLE_ADMIN"),
          () -> {
            administration.remove("stored");
            return null;
          });
    }
  }

  private String upload(Path jar) {
    try {
      Path copy = Files.copy(jar, dir.resolve("upload-" + System.nanoTime() + ".jar"));
      return administration.upload(jar.getFileName().toString(), copy, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

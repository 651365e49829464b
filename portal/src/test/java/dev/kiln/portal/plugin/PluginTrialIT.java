package dev.kiln.portal.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.sun.management.ThreadMXBean;
import dev.kiln.portal.KilnSpringTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hostile plugin jars uploaded by an admin: each is refused with its reason and audited, Kiln's own
 * thread allocates next to nothing while the plugin runs riot in its trial, nothing is stored, and
 * nothing of the trial is left on disk. A good plugin still installs afterwards.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PluginTrialIT extends KilnSpringTest {

  private static final List<String> ADMIN = List.of("ROLE_ADMIN");
  private static final long ALLOWED_ALLOCATION = 64L << 20;
  private static Path jars;

  @Autowired PluginAdministration administration;
  @Autowired PluginHost host;
  @Autowired PluginProperties properties;
  @Autowired JdbcTemplate jdbc;

  @BeforeAll
  static void makeJars() throws IOException {
    jars = Files.createTempDirectory("kiln-trial-test-jars");
  }

  @AfterAll
  static void removeJars() throws IOException {
    try (Stream<Path> files = Files.walk(jars)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @TestFactory
  Stream<DynamicTest> everyHostileJarIsRefusedWithItsReasonAndLeavesNothingBehind()
      throws IOException {
    return HostilePluginJars.writeAll(jars).entrySet().stream()
        .map(
            jar ->
                dynamicTest(
                    jar.getKey(),
                    () ->
                        assertTimeoutPreemptively(
                            Duration.ofMinutes(2), () -> refused(jar.getKey(), jar.getValue()))));
  }

  @Test
  void aGoodPluginStillInstallsAndWorksAfterTheTrial() throws IOException {
    Path jar =
        BrokenPluginJars.working("after-trial", "after-trial")
            .writeTo(jars.resolve("after-trial.jar"));
    try {
      assertThat(as("ada", ADMIN, () -> upload("after-trial.jar", jar)))
          .isEqualTo("Installed after-trial 1.0.0 with after-trial builder.");
      assertThat(host.builder("after-trial"))
          .hasValueSatisfying(b -> assertThat(b.isAvailable()).isTrue());
      assertThat(leftovers()).filteredOn(p -> p.startsWith(properties.trial().dir())).isEmpty();
    } finally {
      as(
          "ada",
          ADMIN,
          () -> {
            administration.remove("after-trial");
            return null;
          });
    }
  }

  private void refused(String name, String reason) throws IOException {
    Path upload = jars.resolve(name);
    List<Path> earlier = leftovers();
    long before = allocatedHere();
    assertThatThrownBy(() -> as("ada", ADMIN, () -> upload(name, upload)))
        .isInstanceOf(PluginRefusedException.class)
        .hasMessageContaining(reason);
    assertThat(allocatedHere() - before)
        .as("bytes allocated by the uploading thread")
        .isLessThan(ALLOWED_ALLOCATION);
    assertThat(
            jdbc.queryForList(
                "select actor || ' ' || target_name || ' ' || detail from audit_log where action ="
                    + " 'plugin.upload-refused' and target_name = ?",
                String.class,
                name))
        .singleElement()
        .asString()
        .startsWith("ada " + name + " ")
        .contains(reason);
    assertThat(jdbc.queryForObject("select count(*) from plugin_jar", Integer.class)).isZero();
    assertThat(leftovers())
        .as("files left by the trial")
        .containsExactlyInAnyOrderElementsOf(earlier);
  }

  private String upload(String name, Path jar) {
    try {
      return administration.upload(name, jar, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What the hostile plugins and the trial could leave: litter in the temporary folder (shared with
   * other test runs, hence compared with what was there before), and trial folders.
   */
  private List<Path> leftovers() throws IOException {
    try (Stream<Path> temp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      List<Path> found =
          new ArrayList<>(
              temp.filter(p -> p.getFileName().toString().startsWith(HostilePluginJars.LITTER))
                  .toList());
      Path trials = properties.trial().dir();
      if (Files.isDirectory(trials)) {
        try (Stream<Path> runs = Files.list(trials)) {
          runs.forEach(found::add);
        }
      }
      return found;
    }
  }

  private static long allocatedHere() {
    return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }
}

package dev.kiln.portal.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.KilnSpringTest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;

/**
 * Admins change plugins at run time: each check, each state change, its audit entry, and nothing
 * stored when refused.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PluginAdministrationIT extends KilnSpringTest {

  private static final List<String> ADMIN = List.of("ROLE_ADMIN");

  @Autowired PluginAdministration administration;
  @Autowired PluginHost host;
  @Autowired JdbcTemplate jdbc;
  @TempDir Path dir;

  @AfterEach
  void removeUploads() {
    for (String id :
        jdbc.queryForList(
            "select plugin_id from plugin_jar where content is not null", String.class)) {
      admin(
          () -> {
            administration.remove(id);
            return null;
          });
    }
    jdbc.update("delete from plugin_jar");
  }

  @Test
  void anUploadedPluginIsUsableAtOnceAndStoredWithWhoUploadedIt() throws IOException {
    Path jar = BrokenPluginJars.working("greeter", "greeter").writeTo(dir.resolve("greeter.jar"));
    String message = admin(() -> upload("greeter-1.0.0.jar", jar, null));

    assertThat(message).isEqualTo("Installed greeter 1.0.0 with greeter builder.");
    assertThat(host.builder("greeter"))
        .hasValueSatisfying(b -> assertThat(b.isAvailable()).isTrue());
    assertThat(
            jdbc.queryForMap(
                "select version, file_name, uploaded_by, length(content) > 0 as stored,"
                    + " sha256 from plugin_jar where plugin_id = 'greeter'"))
        .containsEntry("version", "1.0.0")
        .containsEntry("file_name", "greeter-1.0.0.jar")
        .containsEntry("uploaded_by", "ada")
        .containsEntry("stored", true)
        .containsEntry("sha256", PluginJar.sha256(jar));
    assertThat(audit("plugin.uploaded"))
        .contains("ada greeter version 1.0.0 from greeter-1.0.0.jar");
  }

  @Test
  void everyBrokenJarIsRefusedWithItsReasonAndNothingIsStored() throws IOException {
    Map<String, String> broken = BrokenPluginJars.writeAll(dir.resolve("broken"));
    for (var jar : broken.entrySet()) {
      assertThatThrownBy(
              () ->
                  admin(
                      () ->
                          upload(jar.getKey(), dir.resolve("broken").resolve(jar.getKey()), null)))
          .as(jar.getKey())
          .isInstanceOf(PluginRefusedException.class)
          .hasMessageContaining(jar.getValue());
    }
    assertThat(jdbc.queryForObject("select count(*) from plugin_jar", Integer.class)).isZero();
    assertThat(host.builders())
        .extracting(BuilderEntry::id)
        .doesNotContain("ctor", "describe", "missing");
    assertThat(audit("plugin.upload-refused")).contains("throwing-describe.jar");
  }

  @Test
  void tooLargeJarsAreRefusedBeforeTheyAreRead() throws IOException {
    Path huge = dir.resolve("huge.jar");
    try (var file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(101L * 1024 * 1024); // sparse: costs no disk
    }
    assertThatThrownBy(() -> admin(() -> upload("huge.jar", huge, null)))
        .isInstanceOf(PluginRefusedException.class)
        .hasMessage(
            "the jar is 101 MB, more than the 100 MB allowed (kiln.plugins.max-upload-size)");
  }

  @Test
  void aSecondUploadReplacesOnlyWhenTheAdminNamesTheInstalledVersion() throws IOException {
    Path v1 = BrokenPluginJars.working("twice", "twice").writeTo(dir.resolve("v1.jar"));
    admin(() -> upload("v1.jar", v1, null));
    Path v2 =
        BrokenPluginJars.working("twice", "twice")
            .manifest("Plugin-Version", "2.0.0")
            .writeTo(dir.resolve("v2.jar"));

    assertThatThrownBy(() -> admin(() -> upload("v2.jar", v2, null)))
        .isInstanceOfSatisfying(
            PluginAlreadyInstalledException.class,
            e -> assertThat(e.installedVersion()).isEqualTo("1.0.0"))
        .hasMessage(
            "plugin twice version 1.0.0 is already installed; tick \"Replace version 1.0.0\" to replace it");
    assertThat(host.builder("twice").orElseThrow().pluginVersion()).isEqualTo("1.0.0");

    admin(() -> upload("v2.jar", v2, "1.0.0"));
    assertThat(host.builder("twice").orElseThrow().pluginVersion()).isEqualTo("2.0.0");
    assertThat(audit("plugin.replaced")).contains("version 2.0.0 replaces 1.0.0");
  }

  @Test
  void uploadsThatClashWithInstalledPluginsAreRefused() throws IOException {
    Path takesLocal =
        BrokenPluginJars.working("my-local", "local").writeTo(dir.resolve("takes-local.jar"));
    assertThatThrownBy(() -> admin(() -> upload("takes-local.jar", takesLocal, null)))
        .hasMessage("builder id 'local' is already provided by plugin kiln-local-builder");
    Path shippedId =
        BrokenPluginJars.working("kiln-local-builder", "other")
            .writeTo(dir.resolve("shipped-id.jar"));
    assertThatThrownBy(() -> admin(() -> upload("shipped-id.jar", shippedId, null)))
        .hasMessage(
            "plugin kiln-local-builder is shipped with Kiln; it cannot be replaced by an upload");
    assertThat(jdbc.queryForObject("select count(*) from plugin_jar", Integer.class)).isZero();
  }

  @Test
  void disablingMakesBuildersUnavailableWithWhoAndWhenAndEnablingUndoesIt() throws IOException {
    Path toggled = BrokenPluginJars.working("toggled", "toggled").writeTo(dir.resolve("d.jar"));
    admin(() -> upload("d.jar", toggled, null));
    admin(
        () -> {
          administration.disable("toggled");
          return null;
        });
    assertThat(host.builder("toggled").orElseThrow().unavailableReason())
        .matches("Disabled by ada on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
    assertThat(host.loaded().plugin("toggled").orElseThrow().state()).isEqualTo("disabled");

    admin(
        () -> {
          administration.enable("toggled");
          return null;
        });
    assertThat(host.builder("toggled").orElseThrow().isAvailable()).isTrue();
    assertThat(audit("plugin.disabled")).contains("toggled");
    assertThat(audit("plugin.enabled")).contains("toggled");
  }

  @Test
  void shippedPluginsCanBeDisabledAndReloadedButNotRemoved() {
    admin(
        () -> {
          administration.disable("kiln-local-builder");
          return null;
        });
    try {
      assertThat(host.builder("local").orElseThrow().unavailableReason())
          .startsWith("Disabled by ada on ");
      admin(
          () -> {
            administration.reload("kiln-local-builder");
            return null;
          });
      assertThat(host.builder("local").orElseThrow().unavailableReason())
          .startsWith("Disabled by ada on ");
      assertThat(host.loaded().plugin("kiln-local-builder").orElseThrow().generation())
          .isPositive();
      assertThatThrownBy(
              () ->
                  admin(
                      () -> {
                        administration.remove("kiln-local-builder");
                        return null;
                      }))
          .hasMessage(
              "plugin kiln-local-builder is shipped with Kiln: it can be disabled, not removed");
    } finally {
      admin(
          () -> {
            administration.enable("kiln-local-builder");
            return null;
          });
    }
    assertThat(host.builder("local").orElseThrow().isAvailable()).isTrue();
    assertThat(audit("plugin.reloaded")).contains("kiln-local-builder");
  }

  @Test
  void removeAndReloadWaitForTheBuildRunningOnThePlugin() throws Exception {
    Path jar =
        TestPluginJars.plugin(
                "slow",
                Map.of(
                    "test.slow.TheBuilder",
                    BrokenPluginJars.builder(
                            "slow",
                            "slow",
                            "",
                            "BuilderDescriptor.available(\"slow\", \"Slow\", \"\", List.of())")
                        .replace(
                            "context.log().line(\"slow ran\");",
                            "while (System.getProperty(\"kiln.test.slow\") == null) {"
                                + " try { Thread.sleep(20); } catch (InterruptedException e) { break; } }")))
            .writeTo(dir.resolve("slow.jar"));
    admin(() -> upload("slow.jar", jar, null));
    var builder = host.builder("slow").orElseThrow().builder();
    Thread build =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    builder.run(null, null);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    try {
      await("the build to run", Duration.ofSeconds(10), () -> host.isBusy("slow"));
      assertThatThrownBy(
              () ->
                  admin(
                      () -> {
                        administration.remove("slow");
                        return null;
                      }))
          .hasMessage(
              "plugin slow cannot be removed while a build runs on its builders on this node; try again when"
                  + " it has finished");
      assertThatThrownBy(
              () ->
                  admin(
                      () -> {
                        administration.reload("slow");
                        return null;
                      }))
          .hasMessageContaining("cannot be reloaded while a build runs");
      admin(
          () -> {
            administration.disable("slow");
            return null;
          });
      assertThat(build.isAlive()).as("disabling lets the running build finish").isTrue();
    } finally {
      System.setProperty("kiln.test.slow", "done");
      build.join(10_000);
      System.clearProperty("kiln.test.slow");
    }
    assertThat(host.isBusy("slow")).isFalse();
    admin(
        () -> {
          administration.remove("slow");
          return null;
        });
    assertThat(host.builder("slow")).isEmpty();
  }

  @Test
  void onlyAdminsChangePlugins() throws IOException {
    Path jar = BrokenPluginJars.working("sneaky", "sneaky").writeTo(dir.resolve("sneaky.jar"));
    assertThatThrownBy(
            () -> as("mo", List.of("ROLE_MAINTAINER"), () -> upload("sneaky.jar", jar, null)))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () ->
                as(
                    "mo",
                    List.of("ROLE_MAINTAINER"),
                    () -> {
                      administration.disable("kiln-local-builder");
                      return null;
                    }))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(host.builder("sneaky")).isEmpty();
  }

  private String upload(String name, Path jar, String replaces) {
    try {
      Path copy = Files.copy(jar, dir.resolve("upload-" + System.nanoTime() + ".jar"));
      return administration.upload(name, copy, replaces);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T admin(Supplier<T> call) {
    return as("ada", ADMIN, call);
  }

  private String audit(String action) {
    return String.join(
        "\n",
        jdbc.queryForList(
            "select actor || ' ' || target_name || ' ' || detail from audit_log"
                + " where action = ? order by id",
            String.class,
            action));
  }
}

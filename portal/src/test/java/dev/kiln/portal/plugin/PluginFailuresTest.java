package dev.kiln.portal.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way a plugin jar is broken is reported with its reason, and the working plugin beside them
 * runs.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PluginFailuresTest {

  @TempDir Path dir;

  @Test
  void everyBrokenJarFailsWithItsReasonAndTheOthersKeepWorking() throws IOException {
    Path plugins = dir.resolve("plugins");
    Map<String, String> expected = BrokenPluginJars.writeAll(plugins);
    BrokenPluginJars.working("fine", "fine").writeTo(plugins.resolve("fine.jar"));

    PluginHost host = new PluginHost(List.of(), plugins, true);
    try {
      assertThat(host.builder("fine"))
          .hasValueSatisfying(b -> assertThat(b.isAvailable()).isTrue());
      assertThat(host.builders()).extracting(BuilderEntry::id).containsExactly("fine");
      for (var broken : expected.entrySet()) {
        assertThat(host.failures())
            .as(broken.getKey())
            .anySatisfy(
                f -> {
                  assertThat(f.source()).isEqualTo(broken.getKey());
                  assertThat(f.reason()).contains(broken.getValue());
                });
      }
      assertThat(host.failures()).hasSize(expected.size());
      // Broken jars whose manifest names a plugin are listed as failed plugins, with the reason.
      assertThat(host.loaded().plugin("throwing-constructor"))
          .hasValueSatisfying(
              p -> {
                assertThat(p.state()).isEqualTo("failed");
                assertThat(p.builders()).isEmpty();
              });
    } finally {
      host.stop();
    }
  }

  @Test
  void aBuilderIdTakenByAnotherPluginFailsTheLaterPlugin() throws IOException {
    Path plugins = dir.resolve("plugins");
    BrokenPluginJars.working("first", "same").writeTo(plugins.resolve("a-first.jar"));
    BrokenPluginJars.working("second", "same").writeTo(plugins.resolve("b-second.jar"));
    PluginHost host = new PluginHost(List.of(), plugins, true);
    try {
      assertThat(host.builder("same").orElseThrow().pluginId()).isEqualTo("first");
      assertThat(host.loaded().plugin("second").orElseThrow().error())
          .isEqualTo("builder id 'same' is already provided by plugin first");
    } finally {
      host.stop();
    }
  }
}

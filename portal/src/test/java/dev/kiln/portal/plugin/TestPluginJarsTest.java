package dev.kiln.portal.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jars tests build are plugins pf4j loads, with the builders they declare. */
class TestPluginJarsTest {

  @TempDir Path dir;

  @Test
  void aCompiledTestPluginProvidesItsBuilder() throws IOException {
    TestPluginJars.plugin(
            "echo-plugin",
            Map.of(
                "test.echo.EchoBuilder",
                """
        package test.echo;
        import dev.kiln.plugin.api.*;
        import java.util.List;
        @org.pf4j.Extension
        public class EchoBuilder implements Builder {
          public BuilderDescriptor describe() {
            return BuilderDescriptor.available("echo", "Echo", "", List.of());
          }
          public BuildResult run(BuildRequest request, BuildContext context) {
            context.log().line(request.script());
            return BuildResult.exited(0);
          }
        }
        """))
        .writeTo(dir.resolve("plugins/echo.jar"));

    PluginHost host = new PluginHost(List.of(), dir.resolve("plugins"), true);
    try {
      assertThat(host.failures()).isEmpty();
      assertThat(host.builder("echo"))
          .hasValueSatisfying(b -> assertThat(b.pluginId()).isEqualTo("echo-plugin"));
    } finally {
      host.stop();
    }
  }
}

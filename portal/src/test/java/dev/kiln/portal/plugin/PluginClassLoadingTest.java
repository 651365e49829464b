package dev.kiln.portal.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A plugin's own classes win over Kiln's, except the plugin API, pf4j and SLF4J, which are Kiln's.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PluginClassLoadingTest {

  @TempDir Path dir;

  @Test
  void aPluginUsesItsOwnCopyOfAClassKilnAlsoHasAndLogsIntoKilnsLog() throws IOException {
    // The plugin carries its own dev.kiln.portal.plugin.BuildInfoResource, a class the portal has
    // too.
    TestPluginJars.plugin(
            "own-classes",
            Map.of(
                "dev.kiln.portal.plugin.BuildInfoResource",
                """
            package dev.kiln.portal.plugin;
            public class BuildInfoResource {
              public static String pluginApiVersion() { return "the plugin's own copy"; }
            }
            """,
                "test.own.TheBuilder",
                BrokenPluginJars.builder(
                    "own",
                    "own",
                    "static { org.slf4j.LoggerFactory.getLogger(TheBuilder.class).info(\"hello from the plugin\"); }",
                    "BuilderDescriptor.available(\"own\", \"Own\", dev.kiln.portal.plugin.BuildInfoResource"
                        + ".pluginApiVersion(), List.of())")))
        .writeTo(dir.resolve("plugins/own.jar"));
    var appender = new ListAppender<ILoggingEvent>();
    appender.start();
    Logger pluginLogger = (Logger) LoggerFactory.getLogger("test.own.TheBuilder");
    pluginLogger.addAppender(appender);

    PluginHost host = new PluginHost(List.of(), dir.resolve("plugins"), true);
    try {
      BuilderEntry own = host.builder("own").orElseThrow();
      assertThat(own.descriptor().description()).isEqualTo("the plugin's own copy");
      assertThat(BuildInfoResource.pluginApiVersion()).isEqualTo(PluginHost.API_VERSION);
      assertThat(appender.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .contains("hello from the plugin");
    } finally {
      pluginLogger.detachAppender(appender);
      host.stop();
    }
  }
}

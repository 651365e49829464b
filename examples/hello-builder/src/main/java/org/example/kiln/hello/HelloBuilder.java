package org.example.kiln.hello;

import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.Builder;
import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.FieldType;
import dev.kiln.plugin.api.SettingProblem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.pf4j.Extension;

/**
 * An example builder. It runs nothing: it writes each line of the project's script to the build's
 * log after a greeting, pausing between lines, and keeps a report as the build's artifact. It shows
 * what every builder does: describe its settings, check them, log as it goes, store artifacts, and
 * stop promptly when Kiln asks it to.
 */
@Extension
public class HelloBuilder implements Builder {

  static final String GREETING = "greeting";
  static final String PAUSE = "pause-millis";
  static final int MAX_PAUSE = 5000;

  @Override
  public BuilderDescriptor describe() {
    return BuilderDescriptor.available(
        "hello-example",
        "Hello (example plugin)",
        "Writes each line of the script to the log after a greeting; runs nothing.",
        List.of(
            SettingField.optional(
                GREETING, "Greeting", FieldType.TEXT, "hello", "Written before each line."),
            SettingField.optional(
                    PAUSE,
                    "Pause between lines (ms)",
                    FieldType.NUMBER,
                    "0",
                    "Shows the log arriving live.")
                .withRange(0, MAX_PAUSE))); // Kiln refuses other values before validate()
  }

  @Override
  public List<SettingProblem> validate(BuilderSettings settings) {
    // Kiln has checked the number and its range; a builder checks what the schema cannot say.
    int pause = settings.getInt(PAUSE).orElse(0);
    if (pause < 0 || pause > MAX_PAUSE) {
      return List.of(new SettingProblem(PAUSE, "Give a pause from 0 to " + MAX_PAUSE + " ms."));
    }
    return List.of();
  }

  @Override
  public BuildResult run(BuildRequest request, BuildContext context)
      throws BuildException, InterruptedException {
    String greeting = request.settings().get(GREETING).orElse("hello");
    Duration pause = request.settings().getDuration(PAUSE, ChronoUnit.MILLIS).orElse(Duration.ZERO);
    Instant started = context.clock().instant();
    context
        .log()
        .notice("Hello builder: build " + request.buildId() + " of " + request.projectName());
    List<String> lines = request.script().lines().toList();
    int written = 0;
    for (String line : lines) {
      if (context.cancellation().isRequested()) {
        context
            .log()
            .notice("Stopped after " + written + " of " + lines.size() + " lines, as asked.");
        return BuildResult.exited(130);
      }
      context.log().line("[" + greeting + "] " + line);
      written++;
      if (pause.isPositive()) {
        Thread.sleep(pause);
      }
    }
    byte[] report =
        ("lines: "
                + written
                + "\ntook: "
                + Duration.between(started, context.clock().instant())
                + "\n")
            .getBytes(StandardCharsets.UTF_8);
    try {
      context
          .artifacts()
          .store("hello-report.txt", report.length, new ByteArrayInputStream(report));
    } catch (IOException e) {
      throw new BuildException("Could not store the report: " + e.getMessage(), e);
    }
    return BuildResult.exited(0);
  }
}

package ${package};

import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.Builder;
import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.EnvironmentPolicy;
import dev.kiln.plugin.api.KilnVariables;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.FieldType;
import dev.kiln.plugin.api.SettingProblem;
import dev.kiln.plugin.support.ArtifactCollector;
import dev.kiln.plugin.support.LineSplitter;
import dev.kiln.plugin.support.ProcessGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Runs the script with bash on the Kiln host, limited in CPU seconds, memory and file size (bash's
 * ulimit), without a sandbox: use it where you trust every project's script.
 */
@Extension
public class LimitedShellBuilder implements Builder {

  static final List<SettingField> FIELDS =
      List.of(
          number("cpu-seconds", "CPU seconds", "600", "CPU time before the script is killed."),
          number("memory-mb", "Memory (MB)", "2048", "Address space of each process."),
          number("file-mb", "Largest file (MB)", "1024", "Largest file a process writes."));
  // ulimit binds this shell and all it starts; exec keeps its pid (the group's) and its exit code.
  private static final String LIMITED =
      "ulimit -t $1 -v $(($2 * 1024)) -f $(($3 * 2048)) && exec bash --norc -eo pipefail \"$4\"";

  @Override
  public BuilderDescriptor describe() {
    return BuilderDescriptor.available(
        "${builderId}",
        "Limited shell (${builderId})",
        "Runs the script with bash on the Kiln host, without a sandbox, limited in CPU and memory.",
        FIELDS);
  }

  @Override
  public List<SettingProblem> validate(BuilderSettings settings) {
    return FIELDS.stream()
        .filter(field -> settings.get(field.key()).map(Long::parseLong).orElse(1L) < 1)
        .map(field -> new SettingProblem(field.key(), "Give a whole number of at least 1."))
        .toList();
  }

  @Override
  public BuildResult run(BuildRequest request, BuildContext context)
      throws BuildException, InterruptedException {
    Map<String, String> env = new HashMap<>(EnvironmentPolicy.check(request)); // refuses LD_*...
    List<String> command = new ArrayList<>(List.of("bash", "--norc", "-c", LIMITED, "limited"));
    try {
      Path workspace = Files.createDirectories(context.workspace()); // Kiln's checkout, or empty
      Path script = Files.writeString(context.workDirectory().resolve("build.sh"), request.script());
      env.putAll(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", workspace.toString()));
      env.putAll(KilnVariables.of(request)); // KILN_BUILD_ID, KILN_BUILD_NUMBER, KILN_GIT_COMMIT...
      env.put("KILN_WORKSPACE", workspace.toString());
      FIELDS.forEach(f -> command.add(request.settings().get(f.key()).orElse(f.defaultValue())));
      command.add(script.toString());
      ArtifactCollector artifacts =
          ArtifactCollector.forPatterns(workspace, request.artifactPatterns());
      ProcessGroup group = ProcessGroup.start(command, workspace, env);
      context.cancellation().onRequest(() -> group.stop(Duration.ofSeconds(5)));
      try {
        Process process = group.process();
        Thread out = LineSplitter.pump(process.getInputStream(), context.log()::line, "out");
        Thread err = LineSplitter.pump(process.getErrorStream(), context.log()::line, "err");
        int exit = process.waitFor();
        group.killRemaining(); // then nothing holds the output open
        out.join(Duration.ofSeconds(5));
        err.join(Duration.ofSeconds(5));
        if (!context.cancellation().isRequested()) {
          artifacts.collect(context);
        }
        return BuildResult.exited(exit);
      } finally {
        group.killRemaining();
      }
    } catch (IOException e) {
      throw new BuildException("Could not run bash: " + e.getMessage(), e);
    }
  }

  private static SettingField number(String key, String label, String value, String help) {
    return SettingField.optional(key, label, FieldType.NUMBER, value, help);
  }
}

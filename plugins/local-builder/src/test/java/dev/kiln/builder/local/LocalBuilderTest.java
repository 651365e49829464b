package dev.kiln.builder.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.SettingProblem;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalBuilderTest {

  @TempDir Path workDirectory;

  @Test
  void scriptThatSucceedsExitsZeroWithItsLinesInOrder() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result =
        Builds.run(Builds.request("echo one\necho two\nprintf 'three\\n'\necho four"), context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.lines()).containsExactly("one", "two", "three", "four");
  }

  @Test
  void scriptThatExitsThreeReportsThree() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result = Builds.run(Builds.request("echo before\nexit 3\necho after"), context);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(context.lines()).containsExactly("before");
  }

  @Test
  void failingCommandStopsTheScript() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result = Builds.run(Builds.request("echo before\nfalse\necho after"), context);

    assertThat(result.exitCode()).isNotZero();
    assertThat(context.lines()).containsExactly("before");
  }

  @Test
  void failureInsideAPipelineFailsTheScript() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result = Builds.run(Builds.request("false | cat\necho after"), context);

    assertThat(result.exitCode()).isNotZero();
    assertThat(context.lines()).doesNotContain("after");
  }

  @Test
  void stderrGoesToTheLogToo() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    Builds.run(Builds.request("echo to-stderr >&2"), context);

    assertThat(context.lines()).containsExactly("to-stderr");
  }

  @Test
  void scriptSeesACleanEnvironmentWithKilnVariablesAndTheRequestedOnes() throws Exception {
    String inherited = inheritedVariable();
    TestBuildContext context = new TestBuildContext(workDirectory);
    var request = Builds.request("env", List.of(), Map.of("GREETING", "hello world", "EMPTY", ""));

    BuildResult result = Builds.run(request, context);

    assertThat(result.exitCode()).isZero();
    Map<String, String> env = parseEnv(context.lines());
    String workspace = SandboxCommand.WORKSPACE;
    assertThat(env)
        .containsEntry("HOME", workspace)
        .containsEntry("KILN_WORKSPACE", workspace)
        .containsEntry("KILN_BUILD_ID", request.buildId())
        .containsEntry("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .containsEntry("GREETING", "hello world")
        .containsEntry("EMPTY", "")
        .doesNotContainKey(inherited);
    // Only what the builder sets, what the request asks for, and what bash adds by itself.
    assertThat(env.keySet())
        .isSubsetOf(
            Set.of(
                "HOME",
                "KILN_WORKSPACE",
                "KILN_BUILD_ID",
                "PATH",
                "LANG",
                "GREETING",
                "EMPTY",
                "PWD",
                "OLDPWD",
                "SHLVL",
                "_"));
    assertThat(env).containsEntry("PWD", workspace);
  }

  @Test
  void largeOutputIsStreamedCompletely() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory, false);

    BuildResult result =
        Builds.run(
            Builds.request("head -c 50000000 /dev/zero | tr '\\0' 'x' | fold -w 100"), context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.lineBytes()).isEqualTo(50_000_000L);
    assertThat(context.lineCount()).isEqualTo(500_000L);
  }

  @Test
  void validateRejectsAGraceThatIsNotAWholeNumber() {
    LocalBuilder builder = new LocalBuilder();

    for (String bad : List.of("abc", "-1", "1.5", "1000", " 5x")) {
      List<SettingProblem> problems = builder.validate(graceOf(bad));
      assertThat(problems).as("grace %s", bad).hasSize(1);
      assertThat(problems.getFirst().key()).isEqualTo(LocalBuilder.GRACE);
      assertThat(problems.getFirst().message()).isNotBlank();
    }
  }

  @Test
  void validateAcceptsAWholeNumberOrNothing() {
    LocalBuilder builder = new LocalBuilder();

    assertThat(builder.validate(graceOf("5"))).isEmpty();
    assertThat(builder.validate(graceOf("0"))).isEmpty();
    assertThat(builder.validate(graceOf("999"))).isEmpty();
    assertThat(builder.validate(BuilderSettings.empty())).isEmpty();
  }

  @Test
  void describesItselfAsRunningOnTheKilnHostInASandbox() {
    BuilderDescriptor descriptor = new LocalBuilder().describe();

    assertThat(descriptor.id()).isEqualTo("local");
    assertThat(descriptor.isAvailable()).isTrue();
    assertThat(descriptor.description())
        .contains("on the Kiln host, in a bubblewrap sandbox")
        .contains("It shares the host's network");
    assertThat(descriptor.settings())
        .singleElement()
        .satisfies(
            field -> {
              assertThat(field.key()).isEqualTo(LocalBuilder.GRACE);
              assertThat(field.defaultValue()).isEqualTo("5");
            });
  }

  private static BuilderSettings graceOf(String value) {
    return new BuilderSettings(Map.of(LocalBuilder.GRACE, value));
  }

  /** A variable of this JVM's environment that the builder must not pass on. */
  private static String inheritedVariable() {
    Map<String, String> own = System.getenv();
    return List.of("JAVA_HOME", "USER", "LOGNAME", "MAVEN_HOME", "TERM").stream()
        .filter(own::containsKey)
        .findFirst()
        .orElseGet(
            () ->
                own.keySet().stream()
                    .filter(
                        k ->
                            !Set.of("PATH", "HOME", "LANG", "PWD", "OLDPWD", "SHLVL", "_")
                                .contains(k))
                    .findFirst()
                    .orElseThrow(
                        () -> new AssertionError("the test JVM has no environment to leak")));
  }

  private static Map<String, String> parseEnv(List<String> lines) {
    Map<String, String> env = new HashMap<>();
    for (String line : lines) {
      int eq = line.indexOf('=');
      assertThat(eq).as("env line %s", line).isPositive();
      env.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return env;
  }
}

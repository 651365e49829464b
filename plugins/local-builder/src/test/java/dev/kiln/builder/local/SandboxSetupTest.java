package dev.kiln.builder.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.NodeContext;
import dev.kiln.plugin.api.SandboxSettings;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder fails closed: anything that keeps the sandbox from working makes it unavailable. */
class SandboxSetupTest {

  @TempDir Path dir;

  private static NodeContext node(SandboxSettings sandbox, Path... privatePaths) {
    return new NodeContext(Set.of(privatePaths), sandbox);
  }

  @Test
  void withoutBubblewrapTheBuilderIsUnavailableAndSaysWhatToDo() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.createSymbolicLink(
        bin.resolve("bash"),
        Path.of(
            SandboxSetup.PATH.stream()
                .map(d -> Path.of(d, "bash"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow()
                .toString()));

    SandboxSetup setup = SandboxSetup.of(NodeContext.unknown(), List.of(bin.toString()));

    assertThat(setup.problem())
        .contains(
            "bubblewrap (bwrap) is not installed",
            "apt-get install bubblewrap",
            "KILN_LOCAL_SANDBOX=off");
    assertThat(setup.off()).isFalse();
  }

  @Test
  void anUnavailableBuilderRefusesToRunRatherThanRunUnsandboxed() throws Exception {
    LocalBuilder builder = new LocalBuilder();
    builder.attach(
        node(new SandboxSettings(true, null, List.of(Path.of("relative/tools")), List.of())));

    BuilderDescriptor descriptor = builder.describe();
    TestBuildContext context = new TestBuildContext(dir);

    assertThat(descriptor.isAvailable()).isFalse();
    assertThat(descriptor.unavailableReason())
        .contains("KILN_LOCAL_SANDBOX_READ_ONLY", "relative/tools");
    Assertions.assertThatThrownBy(() -> builder.run(Builds.request("echo ran"), context))
        .hasMessage(descriptor.unavailableReason());
    assertThat(context.lines()).isEmpty();
  }

  @Test
  void extraFoldersMustExistAndLieOutsideKilnsOwn() throws IOException {
    Path data = Files.createDirectories(dir.resolve("kiln-data/cache"));

    assertThat(
            SandboxSetup.of(
                    node(
                        new SandboxSettings(
                            true, null, List.of(), List.of(dir.resolve("missing")))))
                .problem())
        .contains("KILN_LOCAL_SANDBOX_WRITABLE", "does not exist");
    assertThat(
            SandboxSetup.of(
                    node(
                        new SandboxSettings(true, null, List.of(), List.of(data)),
                        dir.resolve("kiln-data")))
                .problem())
        .contains("KILN_LOCAL_SANDBOX_WRITABLE", "inside " + dir.resolve("kiln-data"));
    assertThat(
            SandboxSetup.of(node(new SandboxSettings(true, null, List.of(Path.of("/")), List.of())))
                .problem())
        .contains("KILN_LOCAL_SANDBOX_READ_ONLY", "not files or the root folder");
  }

  @Test
  void turnedOffByTheAdminItRunsUnsandboxedAndSaysSoInTheFormAndTheLog() throws Exception {
    LocalBuilder builder = Builds.unsandboxed();
    TestBuildContext context = new TestBuildContext(dir);

    BuilderDescriptor descriptor = builder.describe();
    Builds.run(builder, Builds.request("echo ran"), context);

    assertThat(descriptor.isAvailable()).isTrue();
    assertThat(descriptor.description()).contains("WITHOUT a sandbox");
    assertThat(context.notices()).contains(LocalBuilder.OFF_NOTICE);
    assertThat(context.lines()).containsExactly("ran");
  }

  @Test
  void onAWorkingNodeTheProbePassesAndBuildsRun() {
    SandboxSetup setup = SandboxSetup.of(NodeContext.unknown());

    assertThat(setup.problem()).isNull();
    assertThat(setup.command()).isNotNull();
  }
}

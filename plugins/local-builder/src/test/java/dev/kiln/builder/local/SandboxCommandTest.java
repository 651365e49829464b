package dev.kiln.builder.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's command line and mounts, option by option (SandboxIsolationTest checks what they
 * do).
 */
class SandboxCommandTest {

  private static final SandboxCommand.Tools TOOLS =
      new SandboxCommand.Tools("/bin/bash", "/usr/bin/bwrap", "/usr/bin/setpriv");

  @TempDir Path dir;

  private SandboxCommand command(
      Optional<BuildUser> user, Set<Path> privatePaths, List<Path> system, List<Path> writable) {
    return new SandboxCommand(
        TOOLS, user, new SandboxMounts(privatePaths, List.of(), writable, system));
  }

  private List<String> args(SandboxCommand command) {
    return command.command(
        dir.resolve("work/workspace"), dir.resolve("work/status"), dir.resolve("work/build.sh"));
  }

  @Test
  void asKilnsOwnUserTheSandboxHasAUserNamespaceAndNoNestedOnes() {
    List<String> args = args(command(Optional.empty(), Set.of(), List.of(), List.of()));

    assertThat(args)
        .containsSubsequence("--unshare-user", "--disable-userns")
        .doesNotContain("/usr/bin/setpriv", "--cap-add");
    assertThat(args)
        .containsSubsequence("--die-with-parent", "--new-session", "--unshare-pid")
        .containsSubsequence("--proc", "/proc")
        .containsSubsequence(
            "--bind", dir.resolve("work/workspace").toString(), SandboxCommand.WORKSPACE);
    assertThat(args.subList(0, 9))
        .containsExactly(
            "/bin/bash",
            "--noprofile",
            "--norc",
            "-p",
            "-c",
            SandboxCommand.LAUNCH,
            "kiln-sandbox",
            dir.resolve("work/status").toString(),
            dir.resolve("work/build.sh").toString());
  }

  @Test
  void asRootTheScriptDropsToTheBuildUserBeforeItsInitStarts() {
    List<String> args =
        args(
            command(
                Optional.of(new BuildUser(998, 997, "kiln-build")),
                Set.of(),
                List.of(),
                List.of()));

    assertThat(args)
        .containsSubsequence("--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID")
        .doesNotContain("--unshare-user");
    int separator = args.indexOf("--");
    assertThat(args.subList(separator + 1, separator + 9))
        .containsExactly(
            "/usr/bin/setpriv",
            "--reuid",
            "998",
            "--regid",
            "997",
            "--clear-groups",
            "--inh-caps=-all",
            "--");
    assertThat(args.getLast()).isEqualTo("kiln-init");
  }

  @Test
  void theEnvironmentGoesThroughStdinNeverTheCommandLine() {
    List<String> args = args(command(Optional.empty(), Set.of(), List.of(), List.of()));
    byte[] stdin = SandboxCommand.environment(Map.of("DEPLOY_KEY", "s3cret value"));

    assertThat(String.join(" ", args)).doesNotContain("s3cret").contains("--clearenv --args 0");
    assertThat(new String(stdin, StandardCharsets.UTF_8))
        .isEqualTo("--setenv\0DEPLOY_KEY\0s3cret value\0");
  }

  @Test
  void privatePathsInsideVisibleFoldersAreCoveredOnceAndTheRestIsLeftAlone() throws IOException {
    Path system = Files.createDirectories(dir.resolve("opt"));
    Path data = Files.createDirectories(system.resolve("kiln/data/keys"));
    Path config = Files.writeString(system.resolve("kiln/application.yml"), "secret");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Set<Path> privatePaths =
        Set.of(data.getParent(), data, config, elsewhere, dir.resolve("missing"));

    List<String> args = args(command(Optional.empty(), privatePaths, List.of(system), List.of()));

    assertThat(args)
        .containsSubsequence(
            "--ro-bind",
            system.toString(),
            system.toString(),
            "--tmpfs",
            data.getParent().toString(),
            "--remount-ro",
            data.getParent().toString());
    assertThat(args).containsSubsequence("--ro-bind", "/dev/null", config.toString());
    assertThat(Collections.frequency(args, "--tmpfs"))
        .as("/tmp, /dev/shm and the data folder only")
        .isEqualTo(3);
    assertThat(args).doesNotContain(elsewhere.toString(), data.toString());
  }

  @Test
  void aVisibleFolderInsideAPrivateOneIsCoveredWhole() throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path shared = Files.createDirectories(data.resolve("cache"));

    List<String> args = args(command(Optional.empty(), Set.of(data), List.of(), List.of(shared)));

    assertThat(args)
        .containsSubsequence(
            "--bind", shared.toString(), shared.toString(), "--tmpfs", shared.toString());
  }

  @Test
  void foldersAboveAnExtraFolderAreMadeReadableByAll() throws IOException {
    Path shared = Files.createDirectories(dir.resolve("srv/cache"));

    List<String> args = args(command(Optional.empty(), Set.of(), List.of(), List.of(shared)));

    assertThat(args)
        .containsSubsequence(
            "--perms",
            "0755",
            "--dir",
            dir.getRoot().resolve(dir.getName(0)).toString(),
            "--perms",
            "0755",
            "--dir",
            shared.getParent().toString(),
            "--bind",
            shared.toString(),
            shared.toString());
  }

  @Test
  void systemFoldersThatAreLinksStayLinks() throws IOException {
    Path usr = Files.createDirectories(dir.resolve("usr/bin"));
    Path bin = Files.createSymbolicLink(dir.resolve("bin"), Path.of("usr/bin"));

    List<String> args =
        args(command(Optional.empty(), Set.of(), List.of(usr.getParent(), bin), List.of()));

    assertThat(args).containsSubsequence("--symlink", "usr/bin", bin.toString());
  }
}

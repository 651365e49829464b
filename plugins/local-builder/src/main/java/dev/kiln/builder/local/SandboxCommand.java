package dev.kiln.builder.local;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line that runs one build's script in a bubblewrap sandbox: namespaces of its own (its
 * processes only in sight), the file system of {@link SandboxMounts} with its workspace at {@value
 * #WORKSPACE}, and the script's init. Where Kiln runs as root, bubblewrap sets up the sandbox as
 * root and the script runs as the unprivileged {@link BuildUser}; otherwise bubblewrap runs as
 * Kiln's user in a user namespace of its own.
 */
final class SandboxCommand {

  static final String WORKSPACE = "/workspace";
  static final String SCRIPT = "/kiln/build.sh";

  /**
   * Opens the status file as fd 3 and the script as fd 5 before bubblewrap starts, as the user Kiln
   * runs as: neither path need be reachable for the build user.
   */
  static final String LAUNCH =
      "umask 022; exec 3>\"$1\" 5<\"$2\" || exit 125; shift 2; exec \"$@\"";

  /**
   * The sandbox's second process, after bubblewrap's own init (whose end ends the namespace and
   * every process in it). It runs the script with stdin empty and without the status fd, passes a
   * SIGTERM from Kiln on to every process of the sandbox, and once the script has ended counts what
   * it left running, kills all of it and writes the count to fd 3. It runs with {@code -p}, so
   * variables such as BASH_ENV in the build's environment do not reach it.
   */
  static final String INIT =
      """
      exec 5<&-
      trap 'interrupted=1; kill -TERM -1 2>/dev/null' TERM
      %s --noprofile --norc -eo pipefail %s </dev/null 3>&- &
      script=$!
      while interrupted=0; wait "$script"; code=$?; [ "$interrupted" = 1 ]; do :; done
      left=0
      for p in /proc/[1-9]*; do
        case ${p#/proc/} in 1|$$) continue ;; esac
        read -r stat < "$p/stat" 2>/dev/null || continue
        case ${stat##*') '} in Z*) ;; *) left=$((left + 1)) ;; esac
      done
      kill -KILL -1 2>/dev/null
      echo "$left" >&3
      exit "$code"
      """;

  private final Tools tools;
  private final Optional<BuildUser> user;
  private final SandboxMounts mounts;

  SandboxCommand(Tools tools, Optional<BuildUser> user, SandboxMounts mounts) {
    this.tools = tools;
    this.user = user;
    this.mounts = mounts;
  }

  /** The programs the sandbox needs, as absolute paths. */
  record Tools(String bash, String bwrap, String setpriv) {}

  /**
   * The command for one build: the launcher, then bubblewrap, then the init. Bubblewrap reads the
   * build's environment from stdin ({@link #environment}), so it is in no command line.
   */
  List<String> command(Path workspace, Path statusFile, Path scriptFile) {
    List<String> command =
        new ArrayList<>(
            List.of(
                tools.bash(),
                "--noprofile",
                "--norc",
                "-p",
                "-c",
                LAUNCH,
                "kiln-sandbox",
                statusFile.toString(),
                scriptFile.toString(),
                tools.bwrap(),
                "--clearenv",
                "--args",
                "0"));
    command.addAll(namespaces());
    command.addAll(mounts.options());
    command.addAll(
        List.of(
            "--bind",
            workspace.toString(),
            WORKSPACE,
            "--perms",
            "0444",
            "--ro-bind-data",
            "5",
            SCRIPT,
            "--chdir",
            WORKSPACE,
            "--remount-ro",
            "/",
            "--"));
    command.addAll(asBuildUser());
    command.addAll(
        List.of(
            tools.bash(),
            "--noprofile",
            "--norc",
            "-p",
            "-c",
            INIT.formatted(tools.bash(), SCRIPT),
            "kiln-init"));
    return command;
  }

  /**
   * A sandbox that only runs {@code true}: whether bubblewrap works here, as a build would use it.
   */
  List<String> probe() {
    List<String> command = new ArrayList<>(List.of(tools.bwrap()));
    command.addAll(namespaces());
    command.addAll(mounts.options());
    command.addAll(List.of("--remount-ro", "/", "--"));
    command.addAll(asBuildUser());
    command.add(tools.bash());
    command.addAll(List.of("-c", "true"));
    return command;
  }

  /**
   * The variables as bubblewrap's {@code --setenv} options, NUL-separated, for {@code --args 0}.
   * bubblewrap parses them as its own options, as root where Kiln is root, so a NUL inside a name
   * or value would smuggle in options of the builder's choosing ({@code --bind / /host}): refused,
   * as is a name that setenv(3) would refuse.
   *
   * @throws IllegalArgumentException naming the variable
   */
  static byte[] environment(Map<String, String> variables) {
    variables.forEach(
        (name, value) -> {
          if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                "The variable name '"
                    + name.replace('\0', '?')
                    + "' cannot be passed to the script: names must not be empty nor hold '=' or NUL characters.");
          }
          if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                "The variable "
                    + name
                    + " cannot be passed to the script: its value holds"
                    + " a NUL character.");
          }
        });
    var out = new ByteArrayOutputStream();
    variables.forEach(
        (name, value) -> {
          for (String part : List.of("--setenv", name, value)) {
            out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            out.write(0);
          }
        });
    return out.toByteArray();
  }

  private List<String> namespaces() {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--die-with-parent",
                "--new-session",
                "--unshare-pid",
                "--unshare-ipc",
                "--unshare-uts",
                "--unshare-cgroup-try"));
    // As root, bubblewrap needs no user namespace and keeps the two capabilities setpriv uses to
    // drop to the build user; otherwise the namespace is its only way in, and nested ones are
    // barred.
    args.addAll(
        user.isPresent()
            ? List.of("--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID")
            : List.of("--unshare-user", "--disable-userns"));
    return args;
  }

  private List<String> asBuildUser() {
    return user.map(
            u ->
                List.of(
                    tools.setpriv(),
                    "--reuid",
                    Integer.toString(u.uid()),
                    "--regid",
                    Integer.toString(u.gid()),
                    "--clear-groups",
                    "--inh-caps=-all",
                    "--"))
        .orElse(List.of());
  }
}

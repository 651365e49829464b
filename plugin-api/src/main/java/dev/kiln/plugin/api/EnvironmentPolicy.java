package dev.kiln.plugin.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which environment variables Kiln lets into a build's script, so that nothing a trigger sends can
 * change how the shell, the dynamic loader or a common tool runs. Kiln's portal applies it to the
 * names projects declare as parameters and to secret names; every builder applies it again to
 * {@link BuildRequest#environment()} before it starts anything ({@link #check(BuildRequest)}), and
 * sets its own variables ({@code KILN_BUILD_ID}, {@code PATH}…) after.
 *
 * <p>A name must match {@link #NAME} and must not be reserved. Reserved names come in two tiers:
 *
 * <ul>
 *   <li><b>start-up</b>: read by bash, sh, the dynamic loader or the C library whenever any program
 *       starts. They act on the builder's own processes (the shell that starts the script, a sandbox
 *       launcher) before the script's first line, so no variable of the environment may carry one.
 *   <li><b>tools</b>: read by interpreters and tools a build script commonly calls (python, perl,
 *       ruby, node, java, git, ssh, pip, npm, make, gcc…), where they load code, run commands or
 *       redirect traffic. They matter where a stranger picks the value: a parameter's name may not
 *       be one, and neither may a new secret's.
 * </ul>
 *
 * <p>The lists come from the tools' own documentation (cited beside each group) and err on refusing:
 * a whole prefix is reserved where a tool reads a family of variables. They cannot name every
 * variable of every program; the rule that matters is that only names a project declares reach a
 * script, and that values are only ever data. A maintainer who wants a value in such a variable
 * declares a name of their own and assigns it in the script, where the choice is visible.
 */
public final class EnvironmentPolicy {

  /** Upper-case letters, digits and {@code _}, starting with a letter; at most 64 characters. */
  public static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  /** What any process accepts as a variable's name; a name outside it cannot be passed at all. */
  private static final Pattern ANY_VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private static final List<Group> STARTUP = List.of(
      new Group("Kiln sets it for every build", Set.of(), List.of("KILN_")),
      // bash(1), PARAMETERS > Shell Variables: every variable bash sets or reads, and INVOCATION:
      // BASH_ENV (read by every non-interactive bash), ENV (sh mode), SHELLOPTS and BASHOPTS
      // (imported at start-up), POSIXLY_CORRECT, and exported functions (BASH_FUNC_name%%).
      new Group("bash reads it (bash(1), Shell Variables and INVOCATION)", Set.of(
          "BASH_ENV", "BASHOPTS", "BASH_XTRACEFD", "BASH_COMPAT", "BASH_LOADABLES_PATH", "BASH_FUNC_X",
          "ENV", "SHELLOPTS", "POSIXLY_CORRECT", "CDPATH", "CHILD_MAX", "COLUMNS", "COMPREPLY", "COPROC",
          "DIRSTACK", "EMACS", "EPOCHREALTIME", "EPOCHSECONDS", "EUID", "EXECIGNORE", "FCEDIT", "FIGNORE",
          "FUNCNAME", "FUNCNEST", "GLOBIGNORE", "GLOBSORT", "GROUPS", "HOME", "HOSTFILE", "HOSTNAME", "HOSTTYPE",
          "IFS", "IGNOREEOF", "INPUTRC", "INSIDE_EMACS", "LINENO", "LINES", "MACHTYPE", "MAIL", "MAILCHECK",
          "MAILPATH", "MAPFILE", "OLDPWD", "OPTARG", "OPTERR", "OPTIND", "OSTYPE", "PATH", "PIPESTATUS", "PPID",
          "PROMPT_COMMAND", "PROMPT_DIRTRIM", "PS0", "PS1", "PS2", "PS3", "PS4", "PWD", "RANDOM", "REPLY",
          "SECONDS", "SHELL", "SHLVL", "SRANDOM", "TIMEFORMAT", "TMOUT", "TMPDIR", "UID"),
          List.of("BASH", "COMP_", "HIST", "READLINE_")),
      // dash(1), ENVIRONMENT and Invocation; the POSIX shell's variables; ksh's FPATH; zsh's ZDOTDIR.
      new Group("sh reads it (dash(1), ENVIRONMENT; POSIX Shell Variables)", Set.of(
          "TERM", "USER", "LOGNAME", "FPATH", "ZDOTDIR", "NLSPATH"), List.of()),
      // ld.so(8), ENVIRONMENT: every LD_ variable, and GLIBC_TUNABLES.
      new Group("the dynamic loader reads it (ld.so(8))", Set.of("LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT",
          "GLIBC_TUNABLES"), List.of("LD_", "GLIBC_")),
      // glibc's list of variables it drops for set-user-id programs (sysdeps/generic/unsecvars.h),
      // locale(7) and gconv (LANG, LANGUAGE, LC_*, LOCPATH, GCONV_PATH), mallopt(3) (MALLOC_*),
      // tzset(3) (TZ, TZDIR), resolv.conf(5) and host.conf(5) (RES_OPTIONS, LOCALDOMAIN, RESOLV_*).
      new Group("the C library reads it when a program starts (glibc's unsecvars.h, locale(7), mallopt(3),"
          + " tzset(3), resolv.conf(5))", Set.of(
          "GCONV_PATH", "GETCONF_DIR", "HOSTALIASES", "LOCALDOMAIN", "LOCPATH", "NIS_PATH", "LANG", "LANGUAGE",
          "TZ", "TZDIR", "LIBC_FATAL_STDERR_", "LC_ALL", "LC_CTYPE", "MALLOC_CHECK_", "MALLOC_TRACE"), List.of("LC_", "MALLOC_", "RESOLV_", "RES_")));

  private static final List<Group> TOOLS = List.of(
      // python3(1), ENVIRONMENT VARIABLES (PYTHONSTARTUP, PYTHONPATH, PYTHONWARNINGS import code);
      // pip's configuration (every option as PIP_<NAME>), uv's settings, virtual environments.
      new Group("Python, pip or uv read it (python3(1), ENVIRONMENT; pip's configuration)",
          Set.of("PYTHONSTARTUP", "PYTHONPATH", "PYTHONWARNINGS", "PYTHONHOME", "VIRTUAL_ENV"),
          List.of("PYTHON", "PIP_", "UV_")),
      // perlrun(1), ENVIRONMENT: PERL5OPT, PERL5LIB, PERLLIB, PERL5DB, PERL_*.
      new Group("Perl reads it (perlrun(1), ENVIRONMENT)", Set.of("PERL5OPT", "PERL5LIB", "PERLLIB", "PERL5DB"),
          List.of("PERL")),
      // ruby(1), ENVIRONMENT: RUBYOPT, RUBYLIB, RUBYPATH, RUBYSHELL, RUBY_*; RubyGems and Bundler.
      new Group("Ruby, RubyGems or Bundler read it (ruby(1), ENVIRONMENT)", Set.of("RUBYOPT", "RUBYLIB"),
          List.of("RUBY", "GEM_", "BUNDLE_")),
      // node(1), ENVIRONMENT (NODE_OPTIONS --require loads code); npm-config ("npm_config_*");
      // Yarn's and Corepack's settings.
      new Group("Node.js, npm or Yarn read it (node(1), ENVIRONMENT; npm-config(7))", Set.of("NODE_OPTIONS", "NODE_PATH"),
          List.of("NODE_", "NPM_CONFIG_", "YARN_", "COREPACK_")),
      // java(1), "Using the JDK_JAVA_OPTIONS Launcher Environment Variable" and JAVA_TOOL_OPTIONS
      // (-javaagent loads code); _JAVA_OPTIONS starts with _ and fails NAME; Maven, Gradle, Ant, sbt.
      new Group("Java, Maven or Gradle read it (java(1); mvn and gradle launch scripts)",
          Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "MAVEN_OPTS", "GRADLE_OPTS", "CLASSPATH", "ANT_OPTS",
              "SBT_OPTS"), List.of("JAVA_", "JDK_", "MAVEN_", "GRADLE_")),
      // go help environment (GOFLAGS -toolexec runs a program, GOTOOLCHAIN downloads one); cargo's
      // and rustc's (RUSTC_WRAPPER, CARGO_TARGET_*_RUNNER run programs).
      new Group("Go, Cargo or rustc read it (go help environment; The Cargo Book, Environment Variables)",
          Set.of("GOFLAGS", "GOPROXY", "GOTOOLCHAIN", "GOENV", "GOROOT", "GOPATH", "GOBIN", "GOCACHE",
              "GOMODCACHE", "GOINSECURE", "GONOSUMDB", "GONOSUMCHECK", "GONOPROXY", "GOPRIVATE", "GOSUMDB",
              "GOVCS", "GOWORK", "GOEXPERIMENT", "GODEBUG", "GOTMPDIR", "RUSTFLAGS"),
          List.of("CGO_", "CARGO_", "RUSTC", "RUSTDOC", "RUSTUP_")),
      // git(1), ENVIRONMENT VARIABLES: GIT_SSH_COMMAND, GIT_EXEC_PATH, GIT_CONFIG_COUNT/KEY_n/VALUE_n
      // (any configuration, core.sshCommand included), GIT_ASKPASS, GIT_EXTERNAL_DIFF…
      new Group("git reads it (git(1), ENVIRONMENT VARIABLES)", Set.of("GIT_SSH_COMMAND", "GIT_SSH", "GIT_EXEC_PATH",
          "GIT_CONFIG_COUNT", "GIT_CONFIG_PARAMETERS", "GIT_ASKPASS", "GIT_PROXY_COMMAND", "GIT_EXTERNAL_DIFF"),
          List.of("GIT_")),
      // ssh(1), ENVIRONMENT (SSH_ASKPASS runs a program, SSH_AUTH_SOCK picks the agent); sudo(8).
      new Group("ssh or sudo read it (ssh(1), ENVIRONMENT; sudo(8))", Set.of("SSH_ASKPASS", "SSH_ASKPASS_REQUIRE",
          "SSH_AUTH_SOCK", "SUDO_ASKPASS", "DISPLAY", "XAUTHORITY"),
          List.of("SSH_", "SUDO_")),
      // less(1), ENVIRONMENT VARIABLES (LESSOPEN and LESSCLOSE run commands); pagers and editors
      // that git, man, systemctl and crontab start; XDG base directories, where git and others find
      // their configuration; terminfo(5).
      new Group("less, git, man and others read it to pick a pager, an editor or their configuration (less(1),"
          + " ENVIRONMENT VARIABLES; XDG Base Directory; terminfo(5))", Set.of("LESSOPEN", "LESSCLOSE",
          "XDG_CONFIG_HOME", "PAGER", "MANPAGER", "MANOPT", "EDITOR", "VISUAL", "BROWSER",
          "TERMINFO", "TERMINFO_DIRS", "TERMCAP", "GNUPGHOME", "DBUS_SESSION_BUS_ADDRESS"),
          List.of("LESS", "XDG_", "SYSTEMD_")),
      // curl(1) and wget(1), ENVIRONMENT (proxies receive the traffic, CA bundles decide whom to
      // trust); OpenSSL's config(5) (OPENSSL_CONF loads engines); SSLKEYLOGFILE writes TLS keys.
      new Group("curl, wget or OpenSSL read it (curl(1), ENVIRONMENT; openssl config(5))", Set.of(
          "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "FTP_PROXY", "CURL_HOME", "CURL_CA_BUNDLE",
          "WGETRC", "SSL_CERT_FILE", "SSL_CERT_DIR", "SSLKEYLOGFILE", "REQUESTS_CA_BUNDLE"),
          List.of("OPENSSL_")),
      // make(1) (MAKEFLAGS may carry --eval, MAKEFILES names makefiles to read); gcc(1),
      // ENVIRONMENT; the build tools' conventional variables, which name the programs to run.
      new Group("make or the compiler read it (make(1); gcc(1), ENVIRONMENT)", Set.of(
          "MAKEFLAGS", "MAKEFILES", "MFLAGS", "GNUMAKEFLAGS", "CC", "CXX", "CPP", "LD", "AR", "AS", "NM", "RANLIB", "STRIP", "OBJCOPY",
          "CFLAGS", "CXXFLAGS", "CPPFLAGS", "LDFLAGS", "LDLIBS", "COMPILER_PATH", "LIBRARY_PATH", "CPATH",
          "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH", "DEPENDENCIES_OUTPUT",
          "SUNPRO_DEPENDENCIES"), List.of("MAKE", "GCC_", "PKG_CONFIG")),
      // The Docker CLI (DOCKER_CONFIG names credential helpers to run), kubectl (KUBECONFIG's exec
      // plugins), the AWS and Google SDKs' configuration files (credential_process runs a program).
      new Group("docker, kubectl or a cloud SDK read it (their environment variable references)", Set.of(
          "DOCKER_CONFIG", "DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY", "KUBECONFIG",
          "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "GOOGLE_APPLICATION_CREDENTIALS"), List.of()));

  private EnvironmentPolicy() {}

  /**
   * Why {@code name} cannot be a name whose value a trigger chooses (a declared parameter) or a new
   * secret's name; empty when it can.
   */
  public static Optional<String> nameProblem(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.of("'" + shown(name) + "' is not a name Kiln passes: use upper-case letters, digits and _,"
          + " starting with a letter, at most 64 characters.");
    }
    return reserved(name, STARTUP).or(() -> reserved(name, TOOLS));
  }

  /**
   * Why no variable of a build's environment may have this name, whoever chose it: it acts on
   * every program's start; empty when it may. Looser than {@link #nameProblem}: secrets named before
   * this rule (say {@code SSH_PRIVATE_KEY}) keep reaching their builds.
   */
  public static Optional<String> startupProblem(String name) {
    if (name == null || !ANY_VARIABLE.matcher(name).matches()) {
      return Optional.of("'" + shown(name) + "' cannot be an environment variable's name"
          + (name != null && name.indexOf('\0') >= 0 ? ": it holds a NUL character." : "."));
    }
    if (name.startsWith("_")) {
      return Optional.of(name + " is reserved: names starting with _ are the shell's and the JVM's (_JAVA_OPTIONS).");
    }
    return reserved(name, STARTUP);
  }

  /**
   * Why {@code value} cannot be passed byte for byte to a process; empty when it can. An
   * environment is a list of C strings, so a NUL cannot be in one; a lone UTF-16 surrogate has no
   * UTF-8 form.
   */
  public static Optional<String> valueProblem(String value) {
    if (value == null) {
      return Optional.of("it has no value.");
    }
    if (value.indexOf('\0') >= 0) {
      return Optional.of("its value holds a NUL character, which no environment variable can hold.");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of("its value holds a lone UTF-16 surrogate, which is no character.");
      }
    }
    return Optional.empty();
  }

  /**
   * Checks a request before a builder starts anything: every variable passes {@link
   * #startupProblem} and has a value that can be passed, and every parameter passes {@link
   * #nameProblem}. Call it first in {@link Builder#run}, then add the builder's own variables.
   *
   * @return the environment to give the script, the request's own
   * @throws BuildException naming every variable refused, and why
   */
  public static Map<String, String> check(BuildRequest request) throws BuildException {
    Set<String> problems = new TreeSet<>();
    request.environment().forEach((name, value) -> {
      startupProblem(name).ifPresent(problems::add);
      valueProblem(value).ifPresent(p -> problems.add(name + ": " + p));
    });
    request.parameters().keySet().forEach(name -> nameProblem(name).ifPresent(problems::add));
    if (!problems.isEmpty()) {
      throw new BuildException("Kiln does not start a build whose environment could change how the shell or its"
          + " tools run. " + String.join(" ", new ArrayList<>(problems)));
    }
    return request.environment();
  }

  /**
   * Every name this policy reserves, and for each reserved prefix one name it covers (such as
   * {@code LD_X}): for documentation, and for tests that try them all.
   */
  public static List<String> reservedNames() {
    Set<String> names = new TreeSet<>();
    for (Group group : concat()) {
      names.addAll(group.names());
      for (String prefix : group.prefixes()) {
        names.add(prefix + "X");
        if (!prefix.endsWith("_")) {
          names.add(prefix);
        }
      }
    }
    return List.copyOf(names);
  }

  private static List<Group> concat() {
    List<Group> all = new ArrayList<>(STARTUP);
    all.addAll(TOOLS);
    return all;
  }

  private static Optional<String> reserved(String name, List<Group> groups) {
    for (Group group : groups) {
      if (group.names().contains(name) || group.prefixes().stream().anyMatch(name::startsWith)) {
        return Optional.of(name + " is reserved: " + group.why() + ". Choose a name of your own and, if a tool"
            + " needs the value, assign it in the build script.");
      }
    }
    return Optional.empty();
  }

  private static String shown(String name) {
    if (name == null) {
      return "";
    }
    String clean = name.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 64 ? clean.substring(0, 63) + "…" : clean;
  }

  /** Names read by one program or family, with where that is documented. */
  private record Group(String why, Set<String> names, List<String> prefixes) {}
}

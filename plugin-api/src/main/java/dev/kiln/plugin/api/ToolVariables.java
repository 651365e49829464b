package dev.kiln.plugin.api;

import dev.kiln.plugin.api.EnvironmentPolicy.Group;
import java.util.List;
import java.util.Set;

/**
 * The tools tier of {@link EnvironmentPolicy}: variables that interpreters and tools a build script
 * commonly calls read, where they load code, run commands or redirect traffic. Each group cites the
 * documentation its names come from.
 */
final class ToolVariables {

  private ToolVariables() {}

  static final List<Group> GROUPS =
      List.of(
          // python3(1), ENVIRONMENT VARIABLES (PYTHONSTARTUP, PYTHONPATH, PYTHONWARNINGS import
          // code);
          // pip's configuration (every option as PIP_<NAME>), uv's settings, virtual environments.
          new Group(
              "Python, pip or uv read it (python3(1), ENVIRONMENT; pip's configuration)",
              Set.of("PYTHONSTARTUP", "PYTHONPATH", "PYTHONWARNINGS", "PYTHONHOME", "VIRTUAL_ENV"),
              List.of("PYTHON", "PIP_", "UV_")),
          // perlrun(1), ENVIRONMENT: PERL5OPT, PERL5LIB, PERLLIB, PERL5DB, PERL_*.
          new Group(
              "Perl reads it (perlrun(1), ENVIRONMENT)",
              Set.of("PERL5OPT", "PERL5LIB", "PERLLIB", "PERL5DB"),
              List.of("PERL")),
          // ruby(1), ENVIRONMENT: RUBYOPT, RUBYLIB, RUBYPATH, RUBYSHELL, RUBY_*; RubyGems and
          // Bundler.
          new Group(
              "Ruby, RubyGems or Bundler read it (ruby(1), ENVIRONMENT)",
              Set.of("RUBYOPT", "RUBYLIB"),
              List.of("RUBY", "GEM_", "BUNDLE_")),
          // node(1), ENVIRONMENT (NODE_OPTIONS --require loads code); npm-config ("npm_config_*");
          // Yarn's and Corepack's settings.
          new Group(
              "Node.js, npm or Yarn read it (node(1), ENVIRONMENT; npm-config(7))",
              Set.of("NODE_OPTIONS", "NODE_PATH"),
              List.of("NODE_", "NPM_CONFIG_", "YARN_", "COREPACK_")),
          // java(1), "Using the JDK_JAVA_OPTIONS Launcher Environment Variable" and
          // JAVA_TOOL_OPTIONS
          // (-javaagent loads code); _JAVA_OPTIONS starts with _ and fails NAME; Maven, Gradle,
          // Ant, sbt.
          new Group(
              "Java, Maven or Gradle read it (java(1); mvn and gradle launch scripts)",
              Set.of(
                  "JAVA_TOOL_OPTIONS",
                  "JDK_JAVA_OPTIONS",
                  "MAVEN_OPTS",
                  "GRADLE_OPTS",
                  "CLASSPATH",
                  "ANT_OPTS",
                  "SBT_OPTS"),
              List.of("JAVA_", "JDK_", "MAVEN_", "GRADLE_")),
          // go help environment (GOFLAGS -toolexec runs a program, GOTOOLCHAIN downloads one);
          // cargo's
          // and rustc's (RUSTC_WRAPPER, CARGO_TARGET_*_RUNNER run programs).
          new Group(
              "Go, Cargo or rustc read it (go help environment; The Cargo Book, Environment Variables)",
              Set.of(
                  "GOFLAGS",
                  "GOPROXY",
                  "GOTOOLCHAIN",
                  "GOENV",
                  "GOROOT",
                  "GOPATH",
                  "GOBIN",
                  "GOCACHE",
                  "GOMODCACHE",
                  "GOINSECURE",
                  "GONOSUMDB",
                  "GONOSUMCHECK",
                  "GONOPROXY",
                  "GOPRIVATE",
                  "GOSUMDB",
                  "GOVCS",
                  "GOWORK",
                  "GOEXPERIMENT",
                  "GODEBUG",
                  "GOTMPDIR",
                  "RUSTFLAGS"),
              List.of("CGO_", "CARGO_", "RUSTC", "RUSTDOC", "RUSTUP_")),
          // git(1), ENVIRONMENT VARIABLES: GIT_SSH_COMMAND, GIT_EXEC_PATH,
          // GIT_CONFIG_COUNT/KEY_n/VALUE_n
          // (any configuration, core.sshCommand included), GIT_ASKPASS, GIT_EXTERNAL_DIFF…
          new Group(
              "git reads it (git(1), ENVIRONMENT VARIABLES)",
              Set.of(
                  "GIT_SSH_COMMAND",
                  "GIT_SSH",
                  "GIT_EXEC_PATH",
                  "GIT_CONFIG_COUNT",
                  "GIT_CONFIG_PARAMETERS",
                  "GIT_ASKPASS",
                  "GIT_PROXY_COMMAND",
                  "GIT_EXTERNAL_DIFF"),
              List.of("GIT_")),
          // ssh(1), ENVIRONMENT (SSH_ASKPASS runs a program, SSH_AUTH_SOCK picks the agent);
          // sudo(8).
          new Group(
              "ssh or sudo read it (ssh(1), ENVIRONMENT; sudo(8))",
              Set.of(
                  "SSH_ASKPASS",
                  "SSH_ASKPASS_REQUIRE",
                  "SSH_AUTH_SOCK",
                  "SUDO_ASKPASS",
                  "DISPLAY",
                  "XAUTHORITY"),
              List.of("SSH_", "SUDO_")),
          // less(1), ENVIRONMENT VARIABLES (LESSOPEN and LESSCLOSE run commands); pagers and
          // editors
          // that git, man, systemctl and crontab start; XDG base directories, where git and others
          // find
          // their configuration; terminfo(5).
          new Group(
              "less, git, man and others read it to pick a pager, an editor or their configuration (less(1),"
                  + " ENVIRONMENT VARIABLES; XDG Base Directory; terminfo(5))",
              Set.of(
                  "LESSOPEN",
                  "LESSCLOSE",
                  "XDG_CONFIG_HOME",
                  "PAGER",
                  "MANPAGER",
                  "MANOPT",
                  "EDITOR",
                  "VISUAL",
                  "BROWSER",
                  "TERMINFO",
                  "TERMINFO_DIRS",
                  "TERMCAP",
                  "GNUPGHOME",
                  "DBUS_SESSION_BUS_ADDRESS"),
              List.of("LESS", "XDG_", "SYSTEMD_")),
          // curl(1) and wget(1), ENVIRONMENT (proxies receive the traffic, CA bundles decide whom
          // to
          // trust); OpenSSL's config(5) (OPENSSL_CONF loads engines); SSLKEYLOGFILE writes TLS
          // keys.
          new Group(
              "curl, wget or OpenSSL read it (curl(1), ENVIRONMENT; openssl config(5))",
              Set.of(
                  "HTTP_PROXY",
                  "HTTPS_PROXY",
                  "ALL_PROXY",
                  "NO_PROXY",
                  "FTP_PROXY",
                  "CURL_HOME",
                  "CURL_CA_BUNDLE",
                  "WGETRC",
                  "SSL_CERT_FILE",
                  "SSL_CERT_DIR",
                  "SSLKEYLOGFILE",
                  "REQUESTS_CA_BUNDLE"),
              List.of("OPENSSL_")),
          // make(1) (MAKEFLAGS may carry --eval, MAKEFILES names makefiles to read); gcc(1),
          // ENVIRONMENT; the build tools' conventional variables, which name the programs to run.
          new Group(
              "make or the compiler read it (make(1); gcc(1), ENVIRONMENT)",
              Set.of(
                  "MAKEFLAGS",
                  "MAKEFILES",
                  "MFLAGS",
                  "GNUMAKEFLAGS",
                  "CC",
                  "CXX",
                  "CPP",
                  "LD",
                  "AR",
                  "AS",
                  "NM",
                  "RANLIB",
                  "STRIP",
                  "OBJCOPY",
                  "CFLAGS",
                  "CXXFLAGS",
                  "CPPFLAGS",
                  "LDFLAGS",
                  "LDLIBS",
                  "COMPILER_PATH",
                  "LIBRARY_PATH",
                  "CPATH",
                  "C_INCLUDE_PATH",
                  "CPLUS_INCLUDE_PATH",
                  "OBJC_INCLUDE_PATH",
                  "DEPENDENCIES_OUTPUT",
                  "SUNPRO_DEPENDENCIES"),
              List.of("MAKE", "GCC_", "PKG_CONFIG")),
          // The Docker CLI (DOCKER_CONFIG names credential helpers to run), kubectl (KUBECONFIG's
          // exec
          // plugins), the AWS and Google SDKs' configuration files (credential_process runs a
          // program).
          new Group(
              "docker, kubectl or a cloud SDK read it (their environment variable references)",
              Set.of(
                  "DOCKER_CONFIG",
                  "DOCKER_HOST",
                  "DOCKER_CONTEXT",
                  "DOCKER_CERT_PATH",
                  "DOCKER_TLS_VERIFY",
                  "KUBECONFIG",
                  "AWS_CONFIG_FILE",
                  "AWS_SHARED_CREDENTIALS_FILE",
                  "GOOGLE_APPLICATION_CREDENTIALS"),
              List.of()),
          // GNU tar's manual, TAR_OPTIONS (options such as --to-command or --checkpoint-action=exec
          // run
          // programs); Autoconf's manual, Site Defaults (configure sources CONFIG_SITE) and
          // CONFIG_SHELL.
          new Group(
              "tar or a configure script reads it (GNU tar, TAR_OPTIONS; Autoconf, Site Defaults)",
              Set.of("TAR_OPTIONS", "CONFIG_SITE", "CONFIG_SHELL"),
              List.of()),
          // rsync(1), ENVIRONMENT VARIABLES (RSYNC_RSH and RSYNC_CONNECT_PROG run a program,
          // RSYNC_PROXY
          // moves traffic); Subversion's SVN_SSH, CVS's CVS_RSH; hg help environment (HGRCPATH
          // names
          // configuration files, whose hooks run commands; HGEDITOR and HGMERGE run programs).
          new Group(
              "rsync, svn, cvs or Mercurial read it to pick a remote shell, an editor or their configuration"
                  + " (rsync(1), ENVIRONMENT VARIABLES; svn's SVN_SSH; cvs's CVS_RSH; hg help environment)",
              Set.of("SVN_SSH", "CVS_RSH", "CVS_SERVER", "HGRCPATH", "HGEDITOR", "HGMERGE"),
              List.of("RSYNC_")),
          // lua(1) (LUA_INIT_5_x and LUA_INIT run code; LUA_PATH and LUA_CPATH load modules); php's
          // "The configuration file" (PHPRC, PHP_INI_SCAN_DIR: auto_prepend_file runs code); R's
          // ?Startup (R_PROFILE, R_PROFILE_USER, R_ENVIRON, R_ENVIRON_USER); erl(1), ENVIRONMENT
          // (ERL_AFLAGS, ERL_FLAGS, ERL_ZFLAGS add -eval and -s); tclsh(1) (TCLLIBPATH).
          new Group(
              "Lua, PHP, R, Erlang or Tcl read it at start-up (lua(1); PHP, The configuration file; R, Startup;"
                  + " erl(1), ENVIRONMENT; tclsh(1))",
              Set.of("LUA_INIT", "PHPRC", "PHP_INI_SCAN_DIR", "TCLLIBPATH"),
              List.of("LUA_", "R_PROFILE", "R_ENVIRON", "ERL_")),
          // .NET's host startup hook design (DOTNET_STARTUP_HOOKS loads an assembly before Main)
          // and the
          // CLR profiling API (CORECLR_ENABLE_PROFILING, CORECLR_PROFILER_PATH load a native
          // library).
          new Group(
              ".NET reads it (the host startup hook; the CLR profiling API)",
              Set.of("DOTNET_STARTUP_HOOKS"),
              List.of("DOTNET_", "CORECLR_")),
          // apt.conf(5) (APT_CONFIG names a configuration file, whose Pre-Invoke hooks run
          // commands);
          // ccache(1), CCACHE_PREFIX (a command run before the compiler); cmake-env-variables(7)
          // (CMAKE_<LANG>_COMPILER_LAUNCHER runs a program before each compile).
          new Group(
              "apt, ccache or CMake read it (apt.conf(5); ccache(1), Configuration; cmake-env-variables(7))",
              Set.of("APT_CONFIG"),
              List.of("CCACHE_", "CMAKE_")),
          // Terraform's CLI environment variables (TF_CLI_ARGS and TF_CLI_ARGS_name add arguments,
          // TF_CLI_CONFIG_FILE picks provider sources); Vault's (VAULT_ADDR receives the token);
          // podman's CONTAINER_HOST and containers.conf(5) (where the engine is, what it runs).
          new Group(
              "Terraform, Vault or podman read it to pick arguments or where to send credentials (Terraform,"
                  + " CLI environment variables; Vault, Environment variables; podman(1), CONTAINER_HOST)",
              Set.of(
                  "CONTAINER_HOST",
                  "CONTAINER_CONNECTION",
                  "CONTAINERS_CONF",
                  "CONTAINERS_REGISTRIES_CONF",
                  "CONTAINERS_STORAGE_CONF"),
              List.of("TF_CLI_", "VAULT_")));
}

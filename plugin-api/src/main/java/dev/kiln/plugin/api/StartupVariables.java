package dev.kiln.plugin.api;

import dev.kiln.plugin.api.EnvironmentPolicy.Group;
import java.util.List;
import java.util.Set;

/**
 * The start-up tier of {@link EnvironmentPolicy}: variables that bash, sh, the dynamic loader or
 * the C library read whenever any program starts, and Kiln's own. Each group cites the
 * documentation its names come from.
 */
final class StartupVariables {

  private StartupVariables() {}

  static final List<Group> GROUPS =
      List.of(
          new Group("Kiln sets it for every build", Set.of(), List.of("KILN_")),
          // bash(1), PARAMETERS > Shell Variables: every variable bash sets or reads, and
          // INVOCATION:
          // BASH_ENV (read by every non-interactive bash), ENV (sh mode), SHELLOPTS and BASHOPTS
          // (imported at start-up), POSIXLY_CORRECT, and exported functions (BASH_FUNC_name%%).
          new Group(
              "bash reads it (bash(1), Shell Variables and INVOCATION)",
              Set.of(
                  "BASH_ENV",
                  "BASHOPTS",
                  "BASH_XTRACEFD",
                  "BASH_COMPAT",
                  "BASH_LOADABLES_PATH",
                  "BASH_FUNC_X",
                  "ENV",
                  "SHELLOPTS",
                  "POSIXLY_CORRECT",
                  "CDPATH",
                  "CHILD_MAX",
                  "COLUMNS",
                  "COMPREPLY",
                  "COPROC",
                  "DIRSTACK",
                  "EMACS",
                  "EPOCHREALTIME",
                  "EPOCHSECONDS",
                  "EUID",
                  "EXECIGNORE",
                  "FCEDIT",
                  "FIGNORE",
                  "FUNCNAME",
                  "FUNCNEST",
                  "GLOBIGNORE",
                  "GLOBSORT",
                  "GROUPS",
                  "HOME",
                  "HOSTFILE",
                  "HOSTNAME",
                  "HOSTTYPE",
                  "IFS",
                  "IGNOREEOF",
                  "INPUTRC",
                  "INSIDE_EMACS",
                  "LINENO",
                  "LINES",
                  "MACHTYPE",
                  "MAIL",
                  "MAILCHECK",
                  "MAILPATH",
                  "MAPFILE",
                  "OLDPWD",
                  "OPTARG",
                  "OPTERR",
                  "OPTIND",
                  "OSTYPE",
                  "PATH",
                  "PIPESTATUS",
                  "PPID",
                  "PROMPT_COMMAND",
                  "PROMPT_DIRTRIM",
                  "PS0",
                  "PS1",
                  "PS2",
                  "PS3",
                  "PS4",
                  "PWD",
                  "RANDOM",
                  "REPLY",
                  "SECONDS",
                  "SHELL",
                  "SHLVL",
                  "SRANDOM",
                  "TEXTDOMAIN",
                  "TEXTDOMAINDIR",
                  "TIMEFORMAT",
                  "TMOUT",
                  "TMPDIR",
                  "UID"),
              List.of("BASH", "COMP_", "HIST", "READLINE_")),
          // dash(1), ENVIRONMENT and Invocation; the POSIX shell's variables; ksh's FPATH; zsh's
          // ZDOTDIR.
          new Group(
              "sh reads it (dash(1), ENVIRONMENT; POSIX Shell Variables)",
              Set.of("TERM", "USER", "LOGNAME", "FPATH", "ZDOTDIR", "NLSPATH"),
              List.of()),
          // ld.so(8), ENVIRONMENT: every LD_ variable, and GLIBC_TUNABLES.
          new Group(
              "the dynamic loader reads it (ld.so(8))",
              Set.of("LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "GLIBC_TUNABLES"),
              List.of("LD_", "GLIBC_")),
          // glibc's list of variables it drops for set-user-id programs
          // (sysdeps/generic/unsecvars.h),
          // locale(7) and gconv (LANG, LANGUAGE, LC_*, LOCPATH, GCONV_PATH), mallopt(3) (MALLOC_*),
          // tzset(3) (TZ, TZDIR), resolv.conf(5) and host.conf(5) (RES_OPTIONS, LOCALDOMAIN,
          // RESOLV_*).
          new Group(
              "the C library reads it when a program starts (glibc's unsecvars.h, locale(7), mallopt(3),"
                  + " tzset(3), resolv.conf(5))",
              Set.of(
                  "GCONV_PATH",
                  "GETCONF_DIR",
                  "HOSTALIASES",
                  "LOCALDOMAIN",
                  "LOCPATH",
                  "NIS_PATH",
                  "LANG",
                  "LANGUAGE",
                  "TZ",
                  "TZDIR",
                  "LIBC_FATAL_STDERR_",
                  "LC_ALL",
                  "LC_CTYPE",
                  "MALLOC_CHECK_",
                  "MALLOC_TRACE"),
              List.of("LC_", "MALLOC_", "RESOLV_", "RES_")));
}

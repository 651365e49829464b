package dev.kiln.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentPolicyTest {

  /**
   * Variables that act on a program's start, from the documentation of bash, dash, ld.so and glibc.
   */
  static List<String> startUpVariables() {
    return List.of(
        "BASH_ENV",
        "ENV",
        "SHELLOPTS",
        "BASHOPTS",
        "POSIXLY_CORRECT",
        "PS4",
        "PS1",
        "IFS",
        "PATH",
        "HOME",
        "CDPATH",
        "GLOBIGNORE",
        "EXECIGNORE",
        "FUNCNEST",
        "TMOUT",
        "BASH_XTRACEFD",
        "BASH_COMPAT",
        "BASH_LOADABLES_PATH",
        "BASH_FUNC_X",
        "PROMPT_COMMAND",
        "HISTFILE",
        "INPUTRC",
        "SHELL",
        "TMPDIR",
        "FPATH",
        "ZDOTDIR",
        "LD_PRELOAD",
        "LD_LIBRARY_PATH",
        "LD_AUDIT",
        "LD_DEBUG_OUTPUT",
        "LD_PROFILE",
        "GLIBC_TUNABLES",
        "GCONV_PATH",
        "LOCPATH",
        "NLSPATH",
        "HOSTALIASES",
        "RESOLV_HOST_CONF",
        "RES_OPTIONS",
        "LOCALDOMAIN",
        "MALLOC_CHECK_",
        "MALLOC_TRACE",
        "LANG",
        "LANGUAGE",
        "LC_ALL",
        "LC_CTYPE",
        "TZ",
        "TZDIR",
        "KILN_BUILD_ID",
        "KILN_ANYTHING",
        "TEXTDOMAIN",
        "TEXTDOMAINDIR");
  }

  /**
   * Variables of the tools a build script calls, where they load code, run programs or move
   * traffic.
   */
  static List<String> toolVariables() {
    return List.of(
        "PYTHONSTARTUP",
        "PYTHONPATH",
        "PYTHONWARNINGS",
        "PYTHONHOME",
        "PIP_INDEX_URL",
        "PERL5OPT",
        "PERL5LIB",
        "PERLLIB",
        "PERL5DB",
        "RUBYOPT",
        "RUBYLIB",
        "GEM_HOME",
        "BUNDLE_GEMFILE",
        "NODE_OPTIONS",
        "NODE_PATH",
        "NPM_CONFIG_SCRIPT_SHELL",
        "JAVA_TOOL_OPTIONS",
        "JDK_JAVA_OPTIONS",
        "CLASSPATH",
        "MAVEN_OPTS",
        "GRADLE_OPTS",
        "GOFLAGS",
        "CGO_CFLAGS",
        "RUSTC_WRAPPER",
        "CARGO_HOME",
        "GIT_SSH_COMMAND",
        "GIT_EXEC_PATH",
        "GIT_CONFIG_COUNT",
        "GIT_ASKPASS",
        "GIT_PAGER",
        "SSH_ASKPASS",
        "SSH_AUTH_SOCK",
        "SUDO_ASKPASS",
        "LESSOPEN",
        "LESSCLOSE",
        "PAGER",
        "EDITOR",
        "VISUAL",
        "XDG_CONFIG_HOME",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "CURL_HOME",
        "SSL_CERT_FILE",
        "SSLKEYLOGFILE",
        "OPENSSL_CONF",
        "MAKEFLAGS",
        "MAKEFILES",
        "CC",
        "CFLAGS",
        "LDFLAGS",
        "GCC_EXEC_PREFIX",
        "PKG_CONFIG_PATH",
        "DOCKER_CONFIG",
        "DOCKER_HOST",
        "KUBECONFIG",
        "AWS_CONFIG_FILE",
        "TAR_OPTIONS",
        "CONFIG_SITE",
        "CONFIG_SHELL",
        "RSYNC_RSH",
        "RSYNC_CONNECT_PROG",
        "SVN_SSH",
        "CVS_RSH",
        "HGRCPATH",
        "HGEDITOR",
        "LUA_INIT",
        "LUA_INIT_5_4",
        "LUA_INIT_5_1",
        "PHPRC",
        "PHP_INI_SCAN_DIR",
        "DOTNET_STARTUP_HOOKS",
        "CORECLR_ENABLE_PROFILING",
        "CORECLR_PROFILER_PATH",
        "R_PROFILE",
        "R_PROFILE_USER",
        "R_ENVIRON",
        "R_ENVIRON_USER",
        "ERL_AFLAGS",
        "ERL_FLAGS",
        "ERL_ZFLAGS",
        "TCLLIBPATH",
        "APT_CONFIG",
        "CCACHE_PREFIX",
        "CMAKE_C_COMPILER_LAUNCHER",
        "CMAKE_CXX_COMPILER_LAUNCHER",
        "TF_CLI_ARGS",
        "TF_CLI_CONFIG_FILE",
        "VAULT_ADDR",
        "CONTAINER_HOST",
        "WEBHOOK_REF",
        "WEBHOOK_ANYTHING");
  }

  @ParameterizedTest
  @MethodSource({"startUpVariables", "toolVariables"})
  void aReservedNameCannotBeAParameterAndTheMessageSaysWhoReadsIt(String name) {
    assertThat(EnvironmentPolicy.nameProblem(name))
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .startsWith(name + " is reserved: ")
                    .containsPattern(" (reads?|sets) it")
                    .contains("Choose a name of your own"));
  }

  @Test
  void theListOfReservedNamesHoldsTheDocumentedOnesAndEachIsRefused() {
    assertThat(EnvironmentPolicy.reservedNames())
        .contains("BASH_ENV", "ENV", "LD_X", "GIT_X", "PS4", "IFS")
        .allSatisfy(name -> assertThat(EnvironmentPolicy.nameProblem(name)).isPresent());
  }

  @ParameterizedTest
  @MethodSource("startUpVariables")
  void aStartUpVariableIsRefusedEvenAsAnOldSecret(String name) {
    assertThat(EnvironmentPolicy.startupProblem(name)).isPresent();
  }

  @ParameterizedTest
  @MethodSource("toolVariables")
  void aToolsVariableIsNoStartUpVariable(String name) {
    assertThat(EnvironmentPolicy.startupProblem(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"RELEASE", "CHANNEL", "VERSION", "DEPLOY_TARGET", "A", "X9", "MY_PROJECT_GIT_REF"})
  void ownNamesPass(String name) {
    assertThat(EnvironmentPolicy.nameProblem(name)).isEmpty();
    assertThat(EnvironmentPolicy.startupProblem(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "release",
        "_JAVA_OPTIONS",
        "9LIVES",
        "A-B",
        "A=B",
        "A B",
        "BASH_FUNC_x%%",
        "ÄRGER",
        "NUL\u0000",
        "A_NAME_LONGER_THAN_SIXTY_FOUR_CHARACTERS_IS_REFUSED_EVEN_WHEN_NOTHING_READS"
      })
  void namesOutsideTheAllowedFormAreRefused(String name) {
    assertThat(EnvironmentPolicy.nameProblem(name)).isPresent();
  }

  @Test
  void valuesAreCheckedOnlyForWhatNoEnvironmentCanHold() {
    assertThat(EnvironmentPolicy.valueProblem("$(id) `id` ; \n '\"\\ %q \u0001 😀")).isEmpty();
    assertThat(EnvironmentPolicy.valueProblem("a\u0000b"))
        .hasValueSatisfying(p -> assertThat(p).contains("NUL"));
    assertThat(EnvironmentPolicy.valueProblem("a\ud800b"))
        .hasValueSatisfying(p -> assertThat(p).contains("surrogate"));
  }

  @Test
  void checkNamesEveryRefusedVariableAndTheToolsTierAppliesToParametersOnly() throws Exception {
    var secretsOnly =
        request(Map.of("SSH_PRIVATE_KEY", "k", "RELEASE", "1"), Map.of("RELEASE", "1"));
    assertThat(EnvironmentPolicy.check(secretsOnly)).isEqualTo(secretsOnly.environment());

    var bad =
        request(
            Map.of("BASH_ENV", "x", "LD_PRELOAD", "y", "NODE_OPTIONS", "z", "OK", "a\u0000"),
            Map.of("NODE_OPTIONS", "z"));
    assertThatThrownBy(() -> EnvironmentPolicy.check(bad))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("BASH_ENV is reserved")
        .hasMessageContaining("LD_PRELOAD is reserved")
        .hasMessageContaining("NODE_OPTIONS is reserved")
        .hasMessageContaining("OK: its value holds a NUL");
  }

  private static BuildRequest request(
      Map<String, String> environment, Map<String, String> parameters) {
    return new BuildRequest(
        "1",
        "p",
        "true",
        List.of(),
        environment,
        Duration.ofMinutes(1),
        BuilderSettings.empty(),
        parameters);
  }
}

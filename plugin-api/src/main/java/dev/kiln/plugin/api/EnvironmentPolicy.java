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
 *       starts. They act on the builder's own processes (the shell that starts the script, a
 *       sandbox launcher) before the script's first line, so no variable of the environment may
 *       carry one ({@link StartupVariables} lists them).
 *   <li><b>tools</b>: read by interpreters and tools a build script commonly calls (python, perl,
 *       ruby, node, java, git, ssh, pip, npm, make, gcc…), where they load code, run commands or
 *       redirect traffic. They matter where a stranger picks the value: a parameter's name may not
 *       be one, and neither may a new secret's ({@link ToolVariables} lists them).
 * </ul>
 *
 * <p>Names starting with {@link #WEBHOOK_PREFIX} are Kiln's own, set from a webhook delivery: like
 * the tools tier, no parameter or new secret may take one, but they may be in an environment.
 *
 * <p>The lists come from the tools' own documentation (cited beside each group) and err on
 * refusing: a whole prefix is reserved where a tool reads a family of variables. They cannot name
 * every variable of every program; the rule that matters is that only names a project declares
 * reach a script, and that values are only ever data. A maintainer who wants a value in such a
 * variable declares a name of their own and assigns it in the script, where the choice is visible.
 *
 * @since 1.2
 */
@Stable
public final class EnvironmentPolicy {

  /** Upper-case letters, digits and {@code _}, starting with a letter; at most 64 characters. */
  public static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  /**
   * The start of the names Kiln sets from a webhook delivery ({@code WEBHOOK_EVENT}, {@code
   * WEBHOOK_DELIVERY}, {@code WEBHOOK_REF}, {@code WEBHOOK_SHA}), which no parameter or secret may
   * take.
   */
  public static final String WEBHOOK_PREFIX = "WEBHOOK_";

  /** What any process accepts as a variable's name; a name outside it cannot be passed at all. */
  private static final Pattern ANY_VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * Names Kiln sets from a webhook delivery ({@code WEBHOOK_REF}…): no parameter or secret may take
   * one.
   */
  private static final Group KILN_SET =
      new Group("Kiln sets it from a webhook delivery", Set.of(), List.of(WEBHOOK_PREFIX));

  private EnvironmentPolicy() {}

  /**
   * Why {@code name} cannot be a name whose value a trigger chooses (a declared parameter) or a new
   * secret's name; empty when it can.
   */
  public static Optional<String> nameProblem(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.of(
          "'"
              + shown(name)
              + "' is not a name Kiln passes: use upper-case letters, digits and _,"
              + " starting with a letter, at most 64 characters.");
    }
    return reserved(name, StartupVariables.GROUPS)
        .or(() -> reserved(name, ToolVariables.GROUPS))
        .or(() -> reserved(name, List.of(KILN_SET)));
  }

  /**
   * Why no variable of a build's environment may have this name, whoever chose it: it acts on every
   * program's start; empty when it may. Looser than {@link #nameProblem}: secrets named before this
   * rule (say {@code SSH_PRIVATE_KEY}) keep reaching their builds.
   */
  public static Optional<String> startupProblem(String name) {
    if (name == null || !ANY_VARIABLE.matcher(name).matches()) {
      return Optional.of(
          "'"
              + shown(name)
              + "' cannot be an environment variable's name"
              + (name != null && name.indexOf('\0') >= 0 ? ": it holds a NUL character." : "."));
    }
    if (name.startsWith("_")) {
      return Optional.of(
          name
              + " is reserved: names starting with _ are the shell's and the JVM's (_JAVA_OPTIONS).");
    }
    return reserved(name, StartupVariables.GROUPS);
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
      return Optional.of(
          "its value holds a NUL character, which no environment variable can hold.");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
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
    request
        .environment()
        .forEach(
            (name, value) -> {
              startupProblem(name).ifPresent(problems::add);
              valueProblem(value).ifPresent(p -> problems.add(name + ": " + p));
            });
    request.parameters().keySet().forEach(name -> nameProblem(name).ifPresent(problems::add));
    if (!problems.isEmpty()) {
      throw new BuildException(
          "Kiln does not start a build whose environment could change how the shell or its"
              + " tools run. "
              + String.join(" ", new ArrayList<>(problems)));
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
    List<Group> all = new ArrayList<>(StartupVariables.GROUPS);
    all.addAll(ToolVariables.GROUPS);
    all.add(KILN_SET);
    return all;
  }

  private static Optional<String> reserved(String name, List<Group> groups) {
    for (Group group : groups) {
      if (group.names().contains(name) || group.prefixes().stream().anyMatch(name::startsWith)) {
        return Optional.of(
            name
                + " is reserved: "
                + group.why()
                + ". Choose a name of your own and, if a tool"
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
  record Group(String why, Set<String> names, List<String> prefixes) {}
}

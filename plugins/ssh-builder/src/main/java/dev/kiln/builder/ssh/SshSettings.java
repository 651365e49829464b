package dev.kiln.builder.ssh;

import static java.time.temporal.ChronoUnit.SECONDS;

import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.SettingProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The SSH builder's settings, all set by an admin once per builder instance, read and checked. The
 * form that asks for them is {@link SshSettingFields}.
 *
 * @param host the remote host's name or address
 * @param port its SSH port
 * @param user the account builds run as
 * @param privateKey the OpenSSH private key text, or {@code null} when Kiln could not open the
 *     secret
 * @param passphrase the key's passphrase, or {@code null} when none is set
 * @param knownHostKey the pinned host key(s), known_hosts lines or bare keys; blank when none is
 *     approved
 * @param connectTimeout how long to wait for the TCP connection
 * @param authTimeout how long key exchange and authentication may take
 * @param workRoot the remote folder under which each build gets its own folder
 * @param contain whether the build's processes must, may or need not be contained
 */
record SshSettings(
    String host,
    int port,
    String user,
    String privateKey,
    String passphrase,
    String knownHostKey,
    Duration connectTimeout,
    Duration authTimeout,
    String workRoot,
    Contain contain) {

  /** The choices of the "Contain processes" setting. */
  enum Contain {
    /** In a PID namespace when the host allows one, else with a notice in the log. */
    WHEN_POSSIBLE("when possible"),
    /** In a PID namespace, or the build does not run. */
    REQUIRED("required"),
    /** Never: the script's process group only, as for builds that need sudo. */
    OFF("off");

    final String label;

    Contain(String label) {
      this.label = label;
    }

    static Contain of(String label) {
      for (Contain contain : values()) {
        if (contain.label.equals(label)) {
          return contain;
        }
      }
      throw new IllegalArgumentException(
          "Setting " + CONTAIN + ": choose when possible, required or off.");
    }
  }

  static final String HOST = "host";
  static final String PORT = "port";
  static final String USER = "user";
  static final String PRIVATE_KEY = "private-key";
  static final String PASSPHRASE = "key-passphrase";
  static final String KNOWN_HOST_KEY = "known-host-key";
  static final String CONNECT_TIMEOUT = "connect-timeout-seconds";
  static final String AUTH_TIMEOUT = "auth-timeout-seconds";
  static final String WORK_ROOT = "work-root";
  static final String CONTAIN = "contain-processes";

  static final String DEFAULT_WORK_ROOT = "kiln-builds";
  static final int MAX_TIMEOUT = 300;
  static final int MAX_PORT = 65535;

  /** The problems with the values, one per field; empty when {@link #of} will succeed. */
  static List<SettingProblem> problems(BuilderSettings settings) {
    List<SettingProblem> problems = new ArrayList<>();
    String host = settings.get(HOST).orElse("");
    if (host.isBlank() || !host.matches("[A-Za-z0-9._:\\-\\[\\]%]+") || host.startsWith("-")) {
      problems.add(
          new SettingProblem(HOST, "Give a host name or IP address, without spaces or user@."));
    }
    number(settings, PORT, 22, 1, MAX_PORT, problems);
    String user = settings.get(USER).orElse("");
    if (user.isBlank() || !user.matches("[A-Za-z0-9._][A-Za-z0-9._@\\-]*")) {
      problems.add(new SettingProblem(USER, "Give the remote account's name, for example build."));
    }
    number(settings, CONNECT_TIMEOUT, 10, 1, MAX_TIMEOUT, problems);
    number(settings, AUTH_TIMEOUT, 20, 1, MAX_TIMEOUT, problems);
    String root = settings.get(WORK_ROOT).orElse(DEFAULT_WORK_ROOT).strip();
    if (root.equals("/")
        || root.startsWith("~")
        || root.contains("\n")
        || root.contains("\0")
        || List.of(root.split("/")).contains("..")) {
      problems.add(
          new SettingProblem(
              WORK_ROOT,
              "Give a folder such as kiln-builds (in the user's home) or /srv/kiln-builds/build; not /, ~ or .."));
    }
    String contain = settings.get(CONTAIN).orElse(Contain.WHEN_POSSIBLE.label);
    if (Stream.of(Contain.values()).noneMatch(c -> c.label.equals(contain))) {
      problems.add(new SettingProblem(CONTAIN, "Choose when possible, required or off."));
    }
    settings
        .get(KNOWN_HOST_KEY)
        .ifPresent(
            pinned -> {
              try {
                HostKeyPolicy.parse(pinned);
              } catch (IllegalArgumentException e) {
                problems.add(new SettingProblem(KNOWN_HOST_KEY, e.getMessage()));
              }
            });
    return problems;
  }

  /**
   * Reads the settings.
   *
   * @throws IllegalArgumentException with the first problem's message when a value is unusable
   */
  static SshSettings of(BuilderSettings settings) {
    List<SettingProblem> problems = problems(settings);
    if (!problems.isEmpty()) {
      SettingProblem first = problems.getFirst();
      throw new IllegalArgumentException("Setting " + first.key() + ": " + first.message());
    }
    return new SshSettings(
        settings.get(HOST).orElseThrow().strip(),
        settings.getInt(PORT).orElse(22),
        settings.get(USER).orElseThrow().strip(),
        secret(settings, PRIVATE_KEY).orElse(null),
        secret(settings, PASSPHRASE).orElse(null),
        settings.get(KNOWN_HOST_KEY).orElse(""),
        settings.getDuration(CONNECT_TIMEOUT, SECONDS).orElse(Duration.ofSeconds(10)),
        settings.getDuration(AUTH_TIMEOUT, SECONDS).orElse(Duration.ofSeconds(20)),
        stripTrailingSlashes(settings.get(WORK_ROOT).orElse(DEFAULT_WORK_ROOT).strip()),
        Contain.of(settings.get(CONTAIN).orElse(Contain.WHEN_POSSIBLE.label)));
  }

  /** {@code host:port}, for messages. */
  String address() {
    return host + ":" + port;
  }

  /** {@code user@host}, for messages. */
  String login() {
    return user + "@" + host;
  }

  private static Optional<String> secret(BuilderSettings settings, String key) {
    // Only a named secret counts: a stale opened value without a name is not the admin's choice.
    return settings.get(key).flatMap(name -> settings.secret(key)).filter(v -> !v.isBlank());
  }

  /** Kiln checks the schema's range first; this answers for settings given some other way. */
  private static void number(
      BuilderSettings settings,
      String key,
      int fallback,
      int min,
      int max,
      List<SettingProblem> problems) {
    boolean within;
    try {
      int value = settings.getInt(key).orElse(fallback);
      within = value >= min && value <= max;
    } catch (IllegalArgumentException notANumber) {
      within = false;
    }
    if (!within) {
      problems.add(new SettingProblem(key, "Give a whole number from " + min + " to " + max + "."));
    }
  }

  private static String stripTrailingSlashes(String path) {
    String stripped = path.replaceAll("/+$", "");
    return stripped.isEmpty() ? "/" : stripped;
  }
}

package dev.kiln.builder.docker;

import static dev.kiln.builder.docker.DockerSettings.CPUS;
import static dev.kiln.builder.docker.DockerSettings.DEFAULT_IMAGE;
import static dev.kiln.builder.docker.DockerSettings.ENGINE;
import static dev.kiln.builder.docker.DockerSettings.IMAGE;
import static dev.kiln.builder.docker.DockerSettings.MAX_MEMORY_MIB;
import static dev.kiln.builder.docker.DockerSettings.MEMORY;
import static dev.kiln.builder.docker.DockerSettings.MIN_MEMORY_MIB;
import static dev.kiln.builder.docker.DockerSettings.TLS_CA;
import static dev.kiln.builder.docker.DockerSettings.TLS_CERT;
import static dev.kiln.builder.docker.DockerSettings.TLS_KEY;

import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.SettingProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks the Docker builder's settings beyond the schema, with messages for the form. */
final class SettingsValidation {

  private static final Pattern UNIX = Pattern.compile("unix://(/[^\\s]*)");
  private static final Pattern TCP =
      Pattern.compile("tcp://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]):(\\d{1,5})");

  /**
   * An image reference: [registry/]name[:tag][@digest]. As Docker has it, a first part is a
   * registry only with a dot or a port in it, or as localhost; name parts are lower case.
   */
  private static final Pattern IMAGE_REF =
      Pattern.compile(
          "((?:[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+|localhost)(?::\\d+)?/|[A-Za-z0-9-]+:\\d+/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*"
              + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?");

  private static final Pattern CPU = Pattern.compile("\\d{1,4}(\\.\\d{1,3})?");
  private static final String PEM_CERT = "-----BEGIN CERTIFICATE-----";

  private SettingsValidation() {}

  /** Every problem: the instance's and the project's settings together. */
  static List<SettingProblem> check(BuilderSettings settings) {
    List<SettingProblem> problems = instance(settings);
    checkImage(settings, IMAGE, problems);
    return problems;
  }

  /** The problems of the instance's own settings, which the health check depends on. */
  static List<SettingProblem> instance(BuilderSettings settings) {
    List<SettingProblem> problems = new ArrayList<>();
    String engine = settings.get(ENGINE).map(String::strip).orElse(DockerSettings.DEFAULT_ENGINE);
    boolean tcp = TCP.matcher(engine).matches();
    if (!tcp && !UNIX.matcher(engine).matches()) {
      problems.add(
          new SettingProblem(
              ENGINE,
              "Give unix:// and the socket's absolute path (unix:///var/run/docker.sock) or tcp://host:port."));
    } else if (tcp && Integer.parseInt(engine.substring(engine.lastIndexOf(':') + 1)) > 65535) {
      problems.add(new SettingProblem(ENGINE, "The port must be at most 65535."));
    }
    checkTls(settings, tcp, problems);
    settings
        .get(CPUS)
        .map(String::strip)
        .filter(v -> !CPU.matcher(v).matches() || new BigDecimal(v).signum() == 0)
        .ifPresent(
            v ->
                problems.add(
                    new SettingProblem(
                        CPUS,
                        "Give a number of CPUs above 0, such as 2 or 1.5 (at most three decimals).")));
    if (!memoryWithinLimits(settings)) {
      problems.add(
          new SettingProblem(
              MEMORY, "Give a whole number of MiB, at least " + MIN_MEMORY_MIB + "."));
    }
    checkImage(settings, DEFAULT_IMAGE, problems);
    return problems;
  }

  /** Kiln checks the schema's range first; this answers for settings given some other way. */
  private static boolean memoryWithinLimits(BuilderSettings settings) {
    try {
      return settings.getLong(MEMORY).stream()
          .allMatch(mib -> mib >= MIN_MEMORY_MIB && mib <= MAX_MEMORY_MIB);
    } catch (IllegalArgumentException notANumber) {
      return false;
    }
  }

  private static void checkTls(
      BuilderSettings settings, boolean tcp, List<SettingProblem> problems) {
    boolean ca = settings.get(TLS_CA).isPresent();
    boolean cert = settings.get(TLS_CERT).isPresent();
    boolean key = settings.get(TLS_KEY).isPresent();
    if (!ca && !cert && !key) {
      return;
    }
    if (!tcp) {
      problems.add(
          new SettingProblem(
              TLS_CA,
              "TLS applies to tcp:// addresses only; clear the TLS fields for a unix socket."));
      return;
    }
    if (!ca || !cert || !key) {
      String missing = !ca ? TLS_CA : !cert ? TLS_CERT : TLS_KEY;
      problems.add(
          new SettingProblem(
              missing,
              "TLS needs all three: the CA certificate, the client certificate and the client key."));
    }
    for (String field : List.of(TLS_CA, TLS_CERT)) {
      settings
          .get(field)
          .filter(v -> !v.contains(PEM_CERT))
          .ifPresent(
              v ->
                  problems.add(
                      new SettingProblem(
                          field,
                          "Paste the certificate in PEM form, starting with " + PEM_CERT + ".")));
    }
  }

  private static void checkImage(
      BuilderSettings settings, String key, List<SettingProblem> problems) {
    settings
        .get(key)
        .map(String::strip)
        .filter(v -> !IMAGE_REF.matcher(v).matches())
        .ifPresent(
            v ->
                problems.add(
                    new SettingProblem(
                        key,
                        "Not an image name: use name[:tag], such as debian:bookworm or registry:5000/team/image:1.")));
  }
}

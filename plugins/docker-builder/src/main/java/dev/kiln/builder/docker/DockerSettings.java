package dev.kiln.builder.docker;

import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.FieldType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The Docker builder's settings, parsed. The fields an admin sets once per engine (address, TLS,
 * limits, network, default image) are instance settings; a project picks its image and pull policy.
 *
 * @param engine the Engine API address, {@code unix:///path} or {@code tcp://host:port}
 * @param tls the PEM material for a TLS connection, or {@code null} for none
 * @param cpus the CPU limit in CPUs, or {@code null} for none
 * @param memoryMib the memory limit in MiB, or {@code null} for none
 * @param network the container's network mode
 * @param image the image the script runs in
 * @param pull when to pull the image
 */
record DockerSettings(
    String engine,
    Tls tls,
    BigDecimal cpus,
    Long memoryMib,
    String network,
    String image,
    PullPolicy pull) {

  static final String ENGINE = "engine";
  static final String TLS_CA = "tls-ca";
  static final String TLS_CERT = "tls-cert";
  static final String TLS_KEY = "tls-key";
  static final String CPUS = "cpus";
  static final String MEMORY = "memory-mib";
  static final String NETWORK = "network";
  static final String DEFAULT_IMAGE = "default-image";
  static final String IMAGE = "image";
  static final String PULL = "pull";

  static final String DEFAULT_ENGINE = "unix:///var/run/docker.sock";
  static final String FALLBACK_IMAGE = "debian:bookworm";
  static final List<String> NETWORKS = List.of("bridge", "none", "host");

  /** Docker refuses a memory limit under 6 MiB. */
  static final long MIN_MEMORY_MIB = 6;

  /** Nine digits, as the limit has always been read; far above any machine's memory. */
  static final long MAX_MEMORY_MIB = 999_999_999;

  /**
   * PEM material for a TLS connection to a TCP engine.
   *
   * @param caCert the certificate authority that signed the engine's certificate
   * @param clientCert the client's certificate
   * @param clientKey the client's private key (an opened secret)
   */
  record Tls(String caCert, String clientCert, String clientKey) {

    /** Never shows the key. */
    @Override
    public String toString() {
      return "Tls[key hidden]";
    }
  }

  /** The fields of the settings form, in display order. */
  static List<SettingField> fields() {
    return List.of(
        new SettingField(
                ENGINE,
                "Engine address",
                FieldType.TEXT,
                true,
                DEFAULT_ENGINE,
                "The Docker Engine API: unix:///var/run/docker.sock on this node, or tcp://host:2376 with TLS.",
                List.of())
            .forInstance(),
        SettingField.optional(
                TLS_CA,
                "TLS CA certificate",
                FieldType.MULTILINE,
                null,
                "PEM of the authority that signed the engine's certificate; needed for tcp:// with TLS.")
            .forInstance(),
        SettingField.optional(
                TLS_CERT,
                "TLS client certificate",
                FieldType.MULTILINE,
                null,
                "PEM of the certificate Kiln shows the engine.")
            .forInstance(),
        SettingField.optional(
                TLS_KEY,
                "TLS client key",
                FieldType.SECRET_REF,
                null,
                "The secret holding the PEM private key of the client certificate.")
            .forInstance(),
        SettingField.optional(
                CPUS,
                "CPU limit",
                FieldType.TEXT,
                null,
                "How many CPUs a build may use, for example 1.5; empty for no limit.")
            .forInstance(),
        SettingField.optional(
                MEMORY,
                "Memory limit (MiB)",
                FieldType.NUMBER,
                null,
                "The most memory a build may use, swap included; empty for no limit.")
            .withRange(MIN_MEMORY_MIB, MAX_MEMORY_MIB)
            .forInstance(),
        SettingField.choice(
                NETWORK,
                "Network",
                NETWORKS,
                "bridge: the engine's default network; none: no network at all; host: the engine host's network.")
            .forInstance(),
        SettingField.optional(
                DEFAULT_IMAGE,
                "Default image",
                FieldType.TEXT,
                FALLBACK_IMAGE,
                "The image for projects that name none, for example debian:bookworm.")
            .forInstance(),
        SettingField.optional(
            IMAGE,
            "Image",
            FieldType.TEXT,
            null,
            "The image the script runs in (it needs bash); empty for the instance's default image."),
        SettingField.choice(
            PULL,
            "Pull the image",
            PullPolicy.names(),
            "if-missing: only when the engine lacks it; always: before every build; never: use what the engine has."));
  }

  /**
   * Parses settings that {@link SettingsValidation} accepted.
   *
   * @throws IllegalArgumentException when a value cannot be parsed
   */
  static DockerSettings from(BuilderSettings settings) {
    Tls tls = null;
    if (settings.get(TLS_CA).isPresent()
        || settings.get(TLS_CERT).isPresent()
        || settings.get(TLS_KEY).isPresent()) {
      tls =
          new Tls(
              settings.get(TLS_CA).orElse(""),
              settings.get(TLS_CERT).orElse(""),
              settings.secret(TLS_KEY).orElse(""));
    }
    return new DockerSettings(
        settings.get(ENGINE).map(String::strip).orElse(DEFAULT_ENGINE),
        tls,
        settings.get(CPUS).map(v -> new BigDecimal(v.strip())).orElse(null),
        memoryMib(settings),
        settings.get(NETWORK).orElse(NETWORKS.getFirst()),
        image(settings),
        settings.get(PULL).map(PullPolicy::of).orElse(PullPolicy.IF_MISSING));
  }

  private static Long memoryMib(BuilderSettings settings) {
    OptionalLong mib = settings.getLong(MEMORY);
    return mib.isPresent() ? mib.getAsLong() : null;
  }

  /** The project's image, else the instance's default, else the default image's own default. */
  static String image(BuilderSettings settings) {
    return settings
        .get(IMAGE)
        .or(() -> settings.get(DEFAULT_IMAGE))
        .map(String::strip)
        .orElse(FALLBACK_IMAGE);
  }

  /** When the engine pulls the build's image from its registry. */
  enum PullPolicy {
    /** Pull only when the engine does not have the image. */
    IF_MISSING,
    /** Pull before every build, so a moved tag is followed. */
    ALWAYS,
    /** Never pull: the image must already be on the engine. */
    NEVER;

    /** The value as stored in settings: {@code if-missing}, {@code always}, {@code never}. */
    String value() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static PullPolicy of(String value) {
      return valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    static List<String> names() {
      return List.of(IF_MISSING.value(), ALWAYS.value(), NEVER.value());
    }
  }
}

package dev.kiln.portal.build;

import dev.kiln.portal.build.domain.Build;
import java.util.Map;
import java.util.Objects;

/**
 * Why a build is queued, recorded on it.
 *
 * @param kind what asked for it
 * @param by who or what, in words, for example {@code "manual: admin"} or {@code "schedule: nightly"}
 * @param parameters environment variables the build's script receives, beyond its secrets
 * @param scheduleId the schedule that fired it, or {@code null}
 */
public record Trigger(TriggerKind kind, String by, Map<String, String> parameters, Long scheduleId) {

  /** Checks and copies. */
  public Trigger {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(by, "by");
    if (by.length() > Build.TRIGGERED_BY_LENGTH) { // a long user name and a long token name together
      by = by.substring(0, Build.TRIGGERED_BY_LENGTH - 1) + "…";
    }
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  /** A build someone asked for in the portal. */
  public static Trigger manual(String user) {
    return new Trigger(TriggerKind.MANUAL, "manual: " + user, Map.of(), null);
  }

  /** A build asked for through the REST API. */
  public static Trigger api(String user, String tokenName) {
    return new Trigger(TriggerKind.API, "api: " + user + " (token " + tokenName + ")", Map.of(), null);
  }
}

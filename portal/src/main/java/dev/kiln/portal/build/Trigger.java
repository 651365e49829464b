package dev.kiln.portal.build;

import dev.kiln.portal.build.domain.Build;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Why a build is queued, recorded on it.
 *
 * @param kind what asked for it
 * @param by who or what, in words, for example {@code "manual: admin"} or {@code "schedule:
 *     nightly"}
 * @param parameters the values it gives for the project's declared parameters: checked against the
 *     declarations when the build is queued, and then the values the build runs with
 * @param scheduleId the schedule that fired it, or {@code null}
 * @param variables what Kiln itself sets from the trigger (a webhook's {@code WEBHOOK_REF}…), never
 *     chosen by its sender
 */
public record Trigger(
    TriggerKind kind,
    String by,
    Map<String, String> parameters,
    Long scheduleId,
    Map<String, String> variables) {

  /** Checks and copies. */
  public Trigger {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(by, "by");
    if (by.length()
        > Build.TRIGGERED_BY_LENGTH) { // a long user name and a long token name together
      by = by.substring(0, Build.TRIGGERED_BY_LENGTH - 1) + "…";
    }
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    variables = variables == null ? Map.of() : Map.copyOf(variables);
  }

  /** A trigger that sets no variables of Kiln's own. */
  public Trigger(TriggerKind kind, String by, Map<String, String> parameters, Long scheduleId) {
    this(kind, by, parameters, scheduleId, Map.of());
  }

  /** A build someone asked for in the portal. */
  public static Trigger manual(String user) {
    return new Trigger(TriggerKind.MANUAL, "manual: " + user, Map.of(), null);
  }

  /** A build asked for through the REST API. */
  public static Trigger api(String user, String tokenName) {
    return new Trigger(
        TriggerKind.API, "api: " + user + " (token " + tokenName + ")", Map.of(), null);
  }

  /** The same trigger with these parameter values (the checked ones, defaults filled in). */
  public Trigger withParameters(Map<String, String> values) {
    return new Trigger(kind, by, values, scheduleId, variables);
  }

  /**
   * Everything its build's script receives beyond secrets: the parameters, then Kiln's variables.
   */
  public Map<String, String> environment() {
    var all = new TreeMap<>(parameters);
    all.putAll(variables);
    return all;
  }
}

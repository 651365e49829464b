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
 * @param revision the branch, tag or commit to build ({@link Revision#DEFAULT} for the project's
 *     default branch), already resolved when a webhook's push or a rebuild gives the commit
 * @param rebuildOf the build this one builds again, or {@code null}
 * @param secrets whether it gets its secrets: {@link SecretsPolicy#GIVEN} but for a fork's pull
 *     request
 */
public record Trigger(
    TriggerKind kind,
    String by,
    Map<String, String> parameters,
    Long scheduleId,
    Map<String, String> variables,
    Revision revision,
    Long rebuildOf,
    SecretsPolicy secrets) {

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
    revision = revision == null ? Revision.DEFAULT : revision;
    secrets = secrets == null ? SecretsPolicy.GIVEN : secrets;
  }

  /** A trigger of this revision whose build gets its secrets. */
  public Trigger(
      TriggerKind kind,
      String by,
      Map<String, String> parameters,
      Long scheduleId,
      Map<String, String> variables,
      Revision revision,
      Long rebuildOf) {
    this(kind, by, parameters, scheduleId, variables, revision, rebuildOf, SecretsPolicy.GIVEN);
  }

  /** A trigger of the default branch that is no rebuild. */
  public Trigger(
      TriggerKind kind,
      String by,
      Map<String, String> parameters,
      Long scheduleId,
      Map<String, String> variables) {
    this(kind, by, parameters, scheduleId, variables, Revision.DEFAULT, null);
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
    return new Trigger(kind, by, values, scheduleId, variables, revision, rebuildOf, secrets);
  }

  /** The same trigger of this branch, tag or commit. */
  public Trigger withRevision(Revision chosen) {
    return new Trigger(kind, by, parameters, scheduleId, variables, chosen, rebuildOf, secrets);
  }

  /** The same trigger, whose build gets its secrets or not as {@code policy} says. */
  public Trigger withSecrets(SecretsPolicy policy) {
    return new Trigger(kind, by, parameters, scheduleId, variables, revision, rebuildOf, policy);
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

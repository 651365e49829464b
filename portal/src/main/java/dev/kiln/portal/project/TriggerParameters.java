package dev.kiln.portal.project;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.RefusalAudit;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.build.TriggerKind;
import dev.kiln.portal.project.domain.Project;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Checks the parameters a trigger gives against its project's declarations, and audits what it
 * refuses: the source and the names tried, never a value (a value may be a payload, or a secret
 * pasted by mistake).
 */
@Component
class TriggerParameters {

  /** At most this many names of one refusal go into its audit entry. */
  private static final int AUDITED_NAMES = 10;

  private final RefusalAudit refusals;

  TriggerParameters(RefusalAudit refusals) {
    this.refusals = refusals;
  }

  /**
   * The trigger with the values its build runs with: the given ones, and the defaults of the
   * others.
   *
   * @throws InvalidParametersException naming each parameter refused; recorded in the audit log
   */
  Trigger resolve(Project project, Trigger trigger) {
    List<ParameterDeclaration> declared = ParameterDeclarations.read(project.getParametersJson());
    try {
      return trigger.withParameters(ParameterValues.resolve(declared, trigger.parameters()));
    } catch (InvalidParametersException e) {
      refusals.record(
          AuditEvent.of(
                  AuditAction.PARAMETERS_REFUSED, "project", project.getId(), project.getName())
              .inProject(project.getId())
              .by(actor(trigger))
              .detail(trigger.by() + "; refused: " + names(e.problems())));
      throw e;
    }
  }

  /** Webhook and schedule triggers act without a user; manual and API ones as the current user. */
  private static String actor(Trigger trigger) {
    return trigger.kind() == TriggerKind.WEBHOOK
        ? "webhook"
        : trigger.kind() == TriggerKind.SCHEDULE ? "schedule" : null;
  }

  /** The refused names, shortened and on one line (a sender may send any key). */
  static String names(Map<String, String> problems) {
    var names = new TreeSet<String>();
    problems.keySet().forEach(name -> names.add(ParameterValues.shown(name)));
    String shown = String.join(", ", names.stream().limit(AUDITED_NAMES).toList());
    return names.size() > AUDITED_NAMES
        ? shown + " and " + (names.size() - AUDITED_NAMES) + " more"
        : shown;
  }
}

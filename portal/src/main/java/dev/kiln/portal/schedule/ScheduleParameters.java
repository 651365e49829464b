package dev.kiln.portal.schedule;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.RefusalAudit;
import dev.kiln.portal.project.InvalidParametersException;
import dev.kiln.portal.project.ParameterDeclarations;
import dev.kiln.portal.project.ParameterValues;
import dev.kiln.portal.project.ProjectInfo;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.schedule.domain.Schedule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * A schedule's parameters are checked against its project's declarations when it is saved, so that
 * a schedule never stores a name the project does not declare; a refusal is audited (names only).
 * Its fires are checked again, since the declarations may change after.
 */
@Component
class ScheduleParameters {

  private final ProjectService projects;
  private final RefusalAudit refusals;

  ScheduleParameters(ProjectService projects, RefusalAudit refusals) {
    this.projects = projects;
    this.refusals = refusals;
  }

  /** What is wrong with the values, keyed {@code parameters.NAME}; empty when nothing is. */
  Map<String, String> problems(Schedule schedule, String name, Map<String, String> values) {
    ProjectInfo project = projects.find(schedule.getProjectId()).orElse(null);
    if (project == null) {
      return Map.of(); // the name check reports the missing project
    }
    try {
      ParameterValues.resolve(project.parameters(), values);
      return Map.of();
    } catch (InvalidParametersException e) {
      Map<String, String> problems = new LinkedHashMap<>();
      e.problems()
          .forEach(
              (parameter, problem) ->
                  problems.put(
                      ParameterDeclarations.FIELD.equals(parameter)
                          ? ScheduleRefusedException.PARAMETERS
                          : ScheduleRefusedException.parameter(parameter),
                      problem));
      refusals.record(
          AuditEvent.of(AuditAction.PARAMETERS_REFUSED, "project", project.id(), project.name())
              .inProject(project.id())
              .detail(
                  "schedule "
                      + name
                      + " not saved; refused: "
                      + String.join(", ", List.copyOf(new TreeSet<>(e.problems().keySet())))));
      return problems;
    }
  }
}

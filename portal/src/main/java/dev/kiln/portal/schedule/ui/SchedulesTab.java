package dev.kiln.portal.schedule.ui;

import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.project.ProjectInfo;
import dev.kiln.portal.project.ui.ProjectTab;
import dev.kiln.portal.schedule.ScheduleService;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The project page's Schedules tab: every member sees it; maintainers, owners and admins change it.
 */
@Component
class SchedulesTab implements ProjectTab {

  private final ScheduleService schedules;

  SchedulesTab(ScheduleService schedules) {
    this.schedules = schedules;
  }

  @Override
  public String label() {
    return "Schedules";
  }

  @Override
  public String id() {
    return "tab-schedules";
  }

  @Override
  public int order() {
    return 10;
  }

  @Override
  public Optional<com.vaadin.flow.component.Component> content(
      ProjectInfo project, Optional<ProjectRole> role, boolean admin) {
    boolean mayChange = admin || role.filter(r -> r.includes(ProjectRole.MAINTAINER)).isPresent();
    return Optional.of(
        new SchedulesPanel(schedules, project.id(), project.parameters(), mayChange));
  }
}

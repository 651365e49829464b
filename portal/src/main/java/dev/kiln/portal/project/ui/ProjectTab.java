package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.Component;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.project.ProjectInfo;
import java.util.Optional;

/**
 * A tab another feature adds to the project page (schedules, the webhook), so the project feature
 * need not know it. Beans of this type are picked up in {@link #order()}.
 */
public interface ProjectTab {

  /** The tab's label. */
  String label();

  /** The tab's element id, for tests, for example {@code tab-schedules}. */
  String id();

  /** Where it goes among the added tabs: lower first. */
  int order();

  /**
   * The tab's content for one project, or empty when the user may not see this tab.
   *
   * @param role the user's role in the project; empty for admins who are not members
   * @param admin whether the user is a system admin (who may do everything an owner may)
   */
  Optional<Component> content(ProjectInfo project, Optional<ProjectRole> role, boolean admin);
}

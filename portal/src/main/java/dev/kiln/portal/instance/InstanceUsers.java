package dev.kiln.portal.instance;

import java.util.List;
import java.util.Map;

/**
 * The projects that use builder instances, as the project feature, which owns them, tells it. An
 * interface here because the project feature depends on this one (a project picks an instance), not
 * the other way. Its methods join the caller's transaction.
 */
public interface InstanceUsers {

  /** The names of the projects that use the instance, by name. */
  List<String> projectsUsing(long instanceId);

  /** Instance id to the number of projects that use it; instances no project uses are missing. */
  Map<Long, Long> projectCounts();

  /** Attaches the builder's projects that use no instance yet (made before instances) to it. */
  void attachUnassigned(String builderId, long instanceId);
}

package dev.kiln.portal.node;

import java.util.List;
import java.util.Map;

/**
 * The builds each node runs now, as the build feature, which owns them, tells it. An interface here
 * because the build feature depends on this one (a node's name and roles), not the other way.
 */
public interface BuildsOnNodes {

  /** Node name to the builds it runs, oldest start first. */
  Map<String, List<NodeInfo.RunningBuild>> runningByNode();
}

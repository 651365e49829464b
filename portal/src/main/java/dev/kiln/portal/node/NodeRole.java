package dev.kiln.portal.node;

/** What a node does in a cluster; a node may have several roles. */
public enum NodeRole {
  /** Serves the portal UI and the REST API. */
  WEB,
  /** Starts Quartz: fires schedules and takes builds. */
  SCHEDULER,
  /** Runs builder plugins; holds the secrets' private key. */
  RUNNER,
  /** Publishes artifacts; holds the secrets' private key. */
  UPLOADER
}

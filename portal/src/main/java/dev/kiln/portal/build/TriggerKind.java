package dev.kiln.portal.build;

/** What asked for a build. */
public enum TriggerKind {
  /** Someone pressed Run now. */
  MANUAL,
  /** A project's cron schedule fired. */
  SCHEDULE,
  /** A signed webhook delivery arrived. */
  WEBHOOK,
  /** A REST call with an API token. */
  API,
  /** Kiln ran a build again because the node running it was lost. */
  RETRY,
  /** Someone pressed Rebuild on a finished build: the same commit and parameters again. */
  REBUILD
}

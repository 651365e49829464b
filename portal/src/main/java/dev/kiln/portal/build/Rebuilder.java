package dev.kiln.portal.build;

/**
 * Rebuild, as the build page asks for it: the project feature queues the rebuild (it owns
 * triggers), the build feature only offers the button. An interface here, implemented there,
 * because the project feature depends on this one and not the other way round.
 */
public interface Rebuilder {

  /**
   * Queues the finished build {@code buildId} again for {@code user}, same commit and parameters.
   *
   * @return the new build's id
   */
  long rebuild(long buildId, String user);
}

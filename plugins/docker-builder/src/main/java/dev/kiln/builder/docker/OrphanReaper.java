package dev.kiln.builder.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Removes the containers of builds that are no longer live in Kiln: a node died mid-build, or
 * removal failed when the build ended. It finds them by the labels every build container carries.
 */
final class OrphanReaper {

  private OrphanReaper() {}

  /**
   * Removes (forced) the managed containers, in any state, whose build {@code isLive} denies; a
   * line per removal.
   */
  static List<String> reap(DockerClient client, String engine, Predicate<String> isLive) {
    List<Container> containers =
        client
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(ContainerRun.MANAGED_LABEL, "true"))
            .exec();
    List<String> removed = new ArrayList<>();
    for (Container container : containers) {
      String buildId =
          container.getLabels() == null
              ? null
              : container.getLabels().get(ContainerRun.BUILD_ID_LABEL);
      // Asked now, not before listing: a build that started meanwhile counts as live.
      if (buildId != null && isLive.test(buildId)) {
        continue;
      }
      try {
        client.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
      } catch (NotFoundException e) {
        continue;
      }
      removed.add(
          "Removed container "
              + container.getId().substring(0, 12)
              + " ("
              + container.getState()
              + ") of build "
              + (buildId == null ? "unknown" : buildId)
              + " from the engine at "
              + engine
              + ": the build is no longer live.");
    }
    return removed;
  }
}

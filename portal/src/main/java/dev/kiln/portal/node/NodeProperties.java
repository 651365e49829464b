package dev.kiln.portal.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * This node's identity in the cluster.
 *
 * @param name the node's name, recorded on the builds it runs and used as Quartz's instance id;
 *     defaults to the host name, so a restarted node recognises its own unfinished builds
 * @param roles what this node does ({@code kiln.node.roles}, a comma list of {@code web}, {@code
 *     scheduler}, {@code runner}, {@code uploader}); all four when empty
 */
@ConfigurationProperties("kiln.node")
public record NodeProperties(String name, Set<NodeRole> roles) {

  public NodeProperties {
    if (name == null || name.isBlank()) {
      name = hostName();
    }
    roles = roles == null || roles.isEmpty() ? EnumSet.allOf(NodeRole.class) : Set.copyOf(roles);
  }

  /** Whether this node has {@code role}. */
  public boolean has(NodeRole role) {
    return roles.contains(role);
  }

  /**
   * Whether this node may open secrets: only nodes that run builds or publish artifacts need their
   * values.
   */
  public boolean opensSecrets() {
    return has(NodeRole.RUNNER) || has(NodeRole.UPLOADER);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "kiln-node";
    }
  }
}

package dev.kiln.portal.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * This node's identity in the cluster.
 *
 * @param name the node's name, recorded on the builds it runs and used as Quartz's instance id;
 *     defaults to the host name, so a restarted node recognises its own unfinished builds
 */
@ConfigurationProperties("kiln.node")
public record NodeProperties(String name) {

  public NodeProperties {
    if (name == null || name.isBlank()) {
      name = hostName();
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "kiln-node";
    }
  }
}

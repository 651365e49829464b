package dev.kiln.portal.plugin;

/**
 * A plugin jar Kiln will not install or load; the message says why, in words an admin can act on.
 */
public class PluginRefusedException extends RuntimeException {

  /** Refuses with this reason. */
  public PluginRefusedException(String reason) {
    super(reason);
  }
}

package dev.kiln.portal.plugin;

/**
 * An upload of a plugin that is already installed, refused until the admin says the installed
 * version is to be replaced.
 */
public class PluginAlreadyInstalledException extends PluginRefusedException {

  private final String installedVersion;

  PluginAlreadyInstalledException(String pluginId, String installedVersion) {
    super(
        "plugin "
            + pluginId
            + " version "
            + installedVersion
            + " is already installed; tick \"Replace version "
            + installedVersion
            + "\" to replace it");
    this.installedVersion = installedVersion;
  }

  /** The version an upload would replace. */
  public String installedVersion() {
    return installedVersion;
  }
}

package dev.kiln.portal.plugin;

/** Where a plugin comes from, which decides what admins may do with it. */
public enum PluginSource {
  /** Built with Kiln and carried in its jar: can be disabled, not removed. */
  SHIPPED,
  /**
   * A jar an operator put in a node's plugins folder: can be disabled; removed by deleting the
   * file.
   */
  FOLDER,
  /** Uploaded on the Plugins screen and kept in the database for every node: can be removed. */
  UPLOADED
}

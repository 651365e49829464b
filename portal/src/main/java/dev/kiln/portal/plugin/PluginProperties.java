package dev.kiln.portal.plugin;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Where builder plugins come from.
 *
 * @param dir the folder of plugin jars added by operators; the builders shipped with Kiln are loaded
 *     from the Kiln jar itself as well
 * @param bundledDir where the builders shipped inside the Kiln jar are unpacked at each start
 * @param uploadedDir where this node writes the jars admins uploaded (kept in the database) to load them
 * @param localBuilderEnabled whether the local builder, which runs scripts on the Kiln host itself,
 *     may run builds; {@code null} means on with the embedded database and off with an external one
 * @param maxUploadSize the largest plugin jar an admin may upload (100 MB unless set)
 * @param resyncInterval how often each node compares its plugins with the database, in case it
 *     missed a notification (30 s unless set)
 */
@ConfigurationProperties("kiln.plugins")
public record PluginProperties(Path dir, Path bundledDir, Path uploadedDir, Boolean localBuilderEnabled,
    DataSize maxUploadSize, Duration resyncInterval) {

  public PluginProperties {
    maxUploadSize = maxUploadSize == null ? DataSize.ofMegabytes(100) : maxUploadSize;
    resyncInterval = resyncInterval == null ? Duration.ofSeconds(30) : resyncInterval;
    uploadedDir = uploadedDir == null && bundledDir != null ? bundledDir.resolveSibling("plugins-uploaded")
        : uploadedDir;
  }
}

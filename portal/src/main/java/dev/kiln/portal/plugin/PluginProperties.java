package dev.kiln.portal.plugin;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where builder plugins come from.
 *
 * @param dir the folder of plugin jars added by admins; the builders shipped with Kiln are loaded
 *     from the Kiln jar itself as well
 * @param bundledDir where the builders shipped inside the Kiln jar are unpacked at each start
 * @param localBuilderEnabled whether the local builder, which runs scripts on the Kiln host itself,
 *     may run builds; {@code null} means on with the embedded database and off with an external one
 */
@ConfigurationProperties("kiln.plugins")
public record PluginProperties(Path dir, Path bundledDir, Boolean localBuilderEnabled) {}

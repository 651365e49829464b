package dev.kiln.portal.plugin;

import java.nio.file.Path;
import java.util.List;

/**
 * This node's plugins, for the admins' Plugins screen.
 *
 * @param apiVersion the plugin API version this Kiln offers
 * @param folder the folder operators add plugin jars to
 * @param plugins every plugin, started, disabled or failed: shipped ones first, then by id
 * @param unreadable the jars that could not even be read as plugins
 */
public record PluginOverview(
    String apiVersion, Path folder, List<PluginInfo> plugins, List<PluginFailure> unreadable) {}

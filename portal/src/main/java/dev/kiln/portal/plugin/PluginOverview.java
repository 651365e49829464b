package dev.kiln.portal.plugin;

import java.nio.file.Path;
import java.util.List;

/**
 * What Kiln loaded at start, for the admins' Plugins screen.
 *
 * @param apiVersion the plugin API version this Kiln offers
 * @param folder the folder admins add plugin jars to
 * @param plugins every loaded plugin, shipped ones first, then by id
 * @param failures the jars that could not be loaded or used
 */
public record PluginOverview(String apiVersion, Path folder, List<PluginInfo> plugins, List<PluginFailure> failures) {}

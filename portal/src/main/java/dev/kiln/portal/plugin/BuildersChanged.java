package dev.kiln.portal.plugin;

/**
 * Published by {@link PluginHost} on this node after plugins were loaded, enabled, disabled,
 * unloaded or reloaded, so that what depends on the set of builders can follow.
 */
public record BuildersChanged() {}

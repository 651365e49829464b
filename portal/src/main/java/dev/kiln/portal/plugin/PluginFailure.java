package dev.kiln.portal.plugin;

/**
 * A plugin jar Kiln could not load, kept so admins can see why.
 *
 * @param source the jar's file name
 * @param reason what went wrong, in words an admin can act on
 */
public record PluginFailure(String source, String reason) {}

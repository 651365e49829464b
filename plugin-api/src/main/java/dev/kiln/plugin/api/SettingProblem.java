package dev.kiln.plugin.api;

/**
 * A builder's objection to one setting, shown next to that field.
 *
 * @param key the field's key
 * @param message what is wrong, in words a user understands
 * @since 1.0
 */
@Stable
public record SettingProblem(String key, String message) {}

package dev.kiln.portal.plugin;

import java.util.List;

/**
 * A plugin jar Kiln has loaded, as admins see it.
 *
 * @param id the plugin's id ({@code Plugin-Id})
 * @param version its version ({@code Plugin-Version})
 * @param state {@code started}, {@code stopped} or {@code failed}
 * @param provider who made it ({@code Plugin-Provider}), or {@code null}
 * @param requires the plugin API versions it accepts ({@code Plugin-Requires})
 * @param shipped whether it comes with Kiln, rather than from the plugins folder
 * @param builders the builders it provides, in name order
 */
public record PluginInfo(
    String id, String version, String state, String provider, String requires, boolean shipped,
    List<BuilderEntry> builders) {}

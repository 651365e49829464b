package dev.kiln.portal.plugin;

import java.util.List;

/**
 * A plugin on this node, as admins see it.
 *
 * @param id the plugin's id ({@code Plugin-Id})
 * @param version its version ({@code Plugin-Version})
 * @param state {@code started}, {@code disabled} or {@code failed}
 * @param provider who made it ({@code Plugin-Provider}), or {@code null}
 * @param requires the plugin API versions it accepts ({@code Plugin-Requires})
 * @param source where it comes from
 * @param origin the source in words, such as "Uploaded by ada on 2026-11-23 10:14 UTC"
 * @param builders the builders it provides, in name order
 * @param error why it failed, or {@code null}
 * @param disabledReason who disabled it and when, or {@code null}
 */
public record PluginInfo(
    String id,
    String version,
    String state,
    String provider,
    String requires,
    PluginSource source,
    String origin,
    List<BuilderEntry> builders,
    String error,
    String disabledReason) {

  /** Tells whether it comes with Kiln. */
  public boolean shipped() {
    return source == PluginSource.SHIPPED;
  }

  /** Tells whether admins can remove it from the Plugins screen (only uploaded plugins). */
  public boolean removable() {
    return source == PluginSource.UPLOADED;
  }
}

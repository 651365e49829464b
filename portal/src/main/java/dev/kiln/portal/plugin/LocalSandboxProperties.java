package dev.kiln.portal.plugin;

import dev.kiln.plugin.api.SandboxSettings;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the Local shell builder sandboxes builds on this node (docs/admin-guide.md, "The Local shell
 * sandbox"). Kept apart from {@link PluginProperties}: these loosen a security boundary, and each
 * is an explicit admin decision.
 *
 * @param enabled false turns the sandbox off: builds then run with Kiln's own rights; on unless set
 * @param buildUser who builds run as when Kiln runs as root (a name, {@code uid} or {@code
 *     uid:gid}); empty: {@code kiln-build} when that user exists, else nobody (65534)
 * @param readOnly more host folders every build may read
 * @param writable host folders every build may write, shared by all projects' builds
 * @param hide more host files and folders no build may see, besides those Kiln knows of
 */
@ConfigurationProperties("kiln.local-sandbox")
public record LocalSandboxProperties(
    Boolean enabled, String buildUser, List<Path> readOnly, List<Path> writable, List<Path> hide) {

  public LocalSandboxProperties {
    enabled = enabled == null || enabled;
    readOnly = readOnly == null ? List.of() : List.copyOf(readOnly);
    writable = writable == null ? List.of() : List.copyOf(writable);
    hide = hide == null ? List.of() : List.copyOf(hide);
  }

  /** The settings as the plugin API carries them. */
  SandboxSettings settings() {
    return new SandboxSettings(enabled, buildUser, readOnly, writable);
  }
}

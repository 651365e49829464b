package dev.kiln.plugin.api;

import java.nio.file.Path;
import java.util.List;

/**
 * How the node's admin wants builders to sandbox the scripts they run on this node. The defaults
 * are the safe ones; each field loosens them explicitly.
 *
 * @param enabled false only when the admin turned the sandbox off; a builder then runs scripts with
 *     Kiln's own rights and says so in every build's log
 * @param user who scripts run as when Kiln runs as root: a user name, a uid or {@code uid:gid};
 *     {@code null} for the builder's default. Never root.
 * @param readOnly host folders every script may read, beyond the system's own
 * @param writable host folders every script may write, shared by all builds of all projects
 *     (caches, for example)
 * @since 1.2
 */
@Experimental
public record SandboxSettings(
    boolean enabled, String user, List<Path> readOnly, List<Path> writable) {

  /** The sandbox on, the builder's default user, no extra folders. */
  public static final SandboxSettings DEFAULT =
      new SandboxSettings(true, null, List.of(), List.of());

  /** Copies the lists; {@code null} reads as empty. */
  public SandboxSettings {
    user = user == null || user.isBlank() ? null : user.strip();
    readOnly = readOnly == null ? List.of() : List.copyOf(readOnly);
    writable = writable == null ? List.of() : List.copyOf(writable);
  }
}

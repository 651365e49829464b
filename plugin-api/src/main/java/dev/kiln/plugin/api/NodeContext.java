package dev.kiln.plugin.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * What Kiln tells a builder about the node it runs on, through {@link Builder#attach}: what a
 * script run on this machine must never reach, and how the node's admin wants such scripts
 * sandboxed. Builders that run scripts elsewhere (a container, a remote host, a CI service) may
 * ignore it.
 *
 * @param privatePaths Kiln's own files and folders on this node, as absolute paths: its data
 *     folder, the secret key files, the embedded database's folder and password file, its
 *     configuration files, its build and storage folders, and whatever the admin added. A builder
 *     that runs scripts on this node keeps every one of them, and everything under them, out of the
 *     scripts' reach.
 * @param sandbox how the admin wants scripts on this node sandboxed
 * @since 1.2
 */
@Experimental
public record NodeContext(Set<Path> privatePaths, SandboxSettings sandbox) {

  /** Validates and copies the paths. */
  public NodeContext {
    privatePaths = Set.copyOf(privatePaths);
    Objects.requireNonNull(sandbox, "sandbox");
  }

  /** What a builder assumes when Kiln told it nothing: no private paths known, the sandbox on. */
  public static NodeContext unknown() {
    return new NodeContext(Set.of(), SandboxSettings.DEFAULT);
  }
}

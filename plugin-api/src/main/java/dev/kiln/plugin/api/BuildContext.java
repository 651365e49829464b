package dev.kiln.plugin.api;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What Kiln gives a builder for the duration of one {@link Builder#run} call. Valid only during
 * that call.
 *
 * @since 1.0
 */
@Stable
public interface BuildContext {

  /** Where the build's output goes, line by line. */
  LogSink log();

  /** Where the build's artifacts go. */
  ArtifactSink artifacts();

  /** Tells the builder when to stop: the user cancelled, or the timeout is over. */
  Cancellation cancellation();

  /**
   * A fresh, empty folder on this node that belongs to this build alone and is deleted after it.
   * Builders that run elsewhere use it for staging files.
   */
  Path workDirectory();

  /** The clock to read time from, so tests can control it. */
  Clock clock();

  /**
   * The build's workspace on this node, which Kiln prepared before {@code run}: the checkout of
   * {@link BuildRequest#source()} when the build has one (files and a shallow {@code .git}, no
   * credentials), an empty folder otherwise. A builder that runs the script on this node runs it
   * here; one that runs it elsewhere (a container, another host) uploads this folder's contents as
   * the workspace there. It is inside {@link #workDirectory()} and deleted with it.
   *
   * <p>The default, for contexts made before 1.4 such as a plugin's own test context, is the folder
   * {@code workspace} of {@link #workDirectory()}, which the builder creates if it is missing.
   *
   * @since 1.4
   */
  default Path workspace() {
    return workDirectory().resolve("workspace");
  }
}

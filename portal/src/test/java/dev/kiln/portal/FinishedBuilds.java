package dev.kiln.portal;

import static dev.kiln.portal.KilnSpringTest.await;

import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Waits for a build to end and reads its log, for the tests that run builds through the services
 * (one copy instead of one per test class). The caller's security context must let it see the
 * build.
 */
public final class FinishedBuilds {

  /** Generous: the machine running the tests may be busy with other builds and tests. */
  public static final Duration LIMIT = Duration.ofMinutes(3);

  private FinishedBuilds() {}

  /** Waits until {@code build} is in a final state and returns it as it ended. */
  public static BuildInfo awaitFinal(BuildService builds, long build) {
    await(
        "build " + build + " to end",
        LIMIT,
        () -> builds.find(build).orElseThrow().state().isFinal());
    return builds.find(build).orElseThrow();
  }

  /** The log of {@code build} as stored so far, as text. */
  public static String log(BuildService builds, long build) {
    try (InputStream in = builds.openLog(build)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.kiln.portal.api;

import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.build.TriggerKind;
import java.time.Instant;
import java.util.NoSuchElementException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Builds over REST: their state, so that scripts can wait for a build they triggered. */
@RestController
class BuildsApi {

  private final BuildService builds;

  BuildsApi(BuildService builds) {
    this.builds = builds;
  }

  /** A build as the API shows it. */
  record BuildJson(
      long id,
      long projectId,
      String project,
      int number,
      BuildState state,
      String reason,
      String triggeredBy,
      Instant queuedAt,
      Instant startedAt,
      Instant finishedAt,
      Integer exitCode,
      TriggerKind trigger,
      int attempt,
      Long retryOf) {}

  @GetMapping("/api/builds/{id}")
  BuildJson find(@PathVariable long id) {
    return builds
        .find(id)
        .map(BuildsApi::json)
        .orElseThrow(() -> new NoSuchElementException("No build " + id));
  }

  private static BuildJson json(BuildInfo b) {
    return new BuildJson(
        b.id(),
        b.projectId(),
        b.projectName(),
        b.number(),
        b.state(),
        b.reason(),
        b.triggeredBy(),
        b.queuedAt(),
        b.startedAt(),
        b.finishedAt(),
        b.exitCode(),
        b.triggerKind(),
        b.attempt(),
        b.retryOf());
  }
}

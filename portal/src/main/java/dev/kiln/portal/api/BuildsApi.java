package dev.kiln.portal.api;

import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.build.Parameters;
import dev.kiln.portal.build.Revision;
import dev.kiln.portal.build.TriggerKind;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
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
      Long retryOf,
      String ref,
      String commit,
      String commitSubject,
      String commitAuthor,
      Instant commitTime,
      Long rebuildOf,
      Map<String, String> parameters,
      Map<String, String> variables) {}

  @GetMapping("/api/builds/{id}")
  BuildJson find(@PathVariable long id) {
    return builds
        .find(id)
        .map(b -> json(b, builds.parameters(id)))
        .orElseThrow(() -> new NoSuchElementException("No build " + id));
  }

  /**
   * @param received its parameters and the variables Kiln set from its trigger, told apart here
   */
  static BuildJson json(BuildInfo b, Map<String, String> received) {
    Map<String, String> declared = Parameters.declared(received);
    Map<String, String> variables = new TreeMap<>(received);
    variables.keySet().removeAll(declared.keySet());
    Revision r = b.revision();
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
        b.retryOf(),
        r.ref() != null ? r.ref() : r.requested(),
        r.commit(),
        r.subject(),
        r.author(),
        r.time(),
        b.rebuildOf(),
        declared,
        variables);
  }
}

package dev.kiln.portal.api;

import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.project.InvalidParametersException;
import dev.kiln.portal.project.Rebuilds;
import dev.kiln.portal.user.ApiCaller;
import java.net.URI;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a script may do to a build it can change (maintainers and owners, scope trigger): cancel it,
 * or build it again. Each first reads the build, so an unknown build is 404 and one of a project
 * the caller is not a member of 403, whatever the caller's role elsewhere.
 */
@RestController
class BuildActionsApi {

  private final BuildService builds;
  private final Rebuilds rebuilds;

  BuildActionsApi(BuildService builds, Rebuilds rebuilds) {
    this.builds = builds;
    this.rebuilds = rebuilds;
  }

  /**
   * What a cancel did.
   *
   * @param state the build's state after it: CANCELLED for a build that had not started, RUNNING
   *     for one that is being stopped
   * @param message what happened, in words
   */
  record Cancelled(long id, BuildState state, String message) {}

  /** The build a rebuild queued, and the one it builds again. */
  record Rebuilt(long id, long rebuildOf) {}

  /**
   * Cancels a queued build at once (200), or asks a running one to stop (202: poll the build for
   * its end); 409 for a build that had already ended.
   */
  @PostMapping("/api/builds/{id}/cancel")
  ResponseEntity<Cancelled> cancel(
      @PathVariable long id, @AuthenticationPrincipal ApiCaller caller) {
    BuildInfo before = existing(id);
    String message = builds.cancel(id, caller.username()); // checks the caller may change it
    if (before.state().isFinal()) {
      throw new IllegalStateException(
          "Build #"
              + before.number()
              + " has already ended ("
              + before.state()
              + "): there is nothing to cancel.");
    }
    BuildState now = existing(id).state();
    return ResponseEntity.status(now.isFinal() ? HttpStatus.OK : HttpStatus.ACCEPTED)
        .body(new Cancelled(id, now, message));
  }

  /**
   * Queues the build again, same commit and parameters (201 with its Location); 409 while it has
   * not ended.
   */
  @PostMapping("/api/builds/{id}/rebuild")
  ResponseEntity<Rebuilt> rebuild(
      @PathVariable long id, @AuthenticationPrincipal ApiCaller caller) {
    existing(id);
    long rebuilt = rebuilds.rebuild(id, caller.username());
    return ResponseEntity.created(URI.create("/api/builds/" + rebuilt))
        .body(new Rebuilt(rebuilt, id));
  }

  /** The project no longer declares a parameter the build had: nothing was queued. */
  @ExceptionHandler(InvalidParametersException.class)
  ResponseEntity<SchedulesApi.InvalidFields> refused(InvalidParametersException e) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST)
        .body(new SchedulesApi.InvalidFields("invalid_parameters", e.getMessage(), e.problems()));
  }

  private BuildInfo existing(long id) {
    return builds.find(id).orElseThrow(() -> new NoSuchElementException("No build " + id));
  }
}

package dev.kiln.portal.api;

import dev.kiln.portal.schedule.FireInfo;
import dev.kiln.portal.schedule.MisfirePolicy;
import dev.kiln.portal.schedule.OverlapPolicy;
import dev.kiln.portal.schedule.ScheduleDraft;
import dev.kiln.portal.schedule.ScheduleInfo;
import dev.kiln.portal.schedule.ScheduleRefusedException;
import dev.kiln.portal.schedule.ScheduleService;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A project's cron schedules over REST, and the history of their fire times. The service checks the
 * role (viewers read, maintainers change); the API's security chain checks the token's scope.
 */
@RestController
@RequestMapping("/api/projects/{projectId}/schedules")
class SchedulesApi {

  private static final int MAX_FIRES = 1000;

  private final ScheduleService schedules;

  SchedulesApi(ScheduleService schedules) {
    this.schedules = schedules;
  }

  /** A schedule as the API shows it; {@code nextFire} is null when paused. */
  record ScheduleJson(
      long id,
      long projectId,
      String name,
      String expression,
      String timeZone,
      boolean enabled,
      MisfirePolicy misfire,
      OverlapPolicy overlap,
      Map<String, String> parameters,
      String description,
      Instant nextFire,
      Instant updatedAt,
      String note) {}

  /**
   * A schedule to create, or the changes to one: on update, what is left out keeps its value; on
   * create, {@code timeZone} defaults to UTC, {@code enabled} to true, {@code misfire} to RUN_ONCE
   * and {@code overlap} to QUEUE.
   */
  record ScheduleRequest(
      String name,
      String expression,
      String timeZone,
      Boolean enabled,
      MisfirePolicy misfire,
      OverlapPolicy overlap,
      Map<String, String> parameters) {

    ScheduleDraft over(ScheduleDraft base) {
      return new ScheduleDraft(
          or(name, base.name()),
          or(expression, base.expression()),
          or(timeZone, base.timeZone()),
          or(enabled, base.enabled()),
          or(misfire, base.misfire()),
          or(overlap, base.overlap()),
          or(parameters, base.parameters()));
    }

    private static <T> T or(T value, T otherwise) {
      return value == null ? otherwise : value;
    }
  }

  /** A refusal that names the fields at fault, each with what is wrong with it. */
  record InvalidFields(String error, String message, Map<String, String> fields) {}

  /** One fire time and what came of it. */
  record FireJson(Instant fireTime, Instant firedAt, String node, Long buildId, String outcome) {}

  @GetMapping
  List<ScheduleJson> list(@PathVariable long projectId) {
    return schedules.list(projectId).stream().map(SchedulesApi::json).toList();
  }

  @GetMapping("/{id}")
  ScheduleJson find(@PathVariable long projectId, @PathVariable long id) {
    return json(existing(projectId, id));
  }

  @PostMapping
  ResponseEntity<ScheduleJson> create(
      @PathVariable long projectId, @RequestBody ScheduleRequest request) {
    var defaults =
        new ScheduleDraft(
            null, null, "UTC", true, MisfirePolicy.RUN_ONCE, OverlapPolicy.QUEUE, Map.of());
    long id = schedules.create(projectId, request.over(defaults));
    return ResponseEntity.created(URI.create("/api/projects/" + projectId + "/schedules/" + id))
        .body(json(existing(projectId, id)));
  }

  @PutMapping("/{id}")
  ScheduleJson update(
      @PathVariable long projectId, @PathVariable long id, @RequestBody ScheduleRequest request) {
    ScheduleInfo current = existing(projectId, id);
    schedules.update(id, current.updatedAt(), request.over(current.draft()));
    return json(existing(projectId, id));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable long projectId, @PathVariable long id) {
    existing(projectId, id);
    schedules.delete(id);
    return ResponseEntity.noContent().build();
  }

  /** The latest fire times, newest first. */
  @GetMapping("/{id}/fires")
  List<FireJson> fires(
      @PathVariable long projectId,
      @PathVariable long id,
      @RequestParam(defaultValue = "100") int limit) {
    existing(projectId, id);
    return schedules.fires(id, Math.clamp(limit, 1, MAX_FIRES)).stream()
        .map(SchedulesApi::json)
        .toList();
  }

  /**
   * Nothing was saved: 409 when someone changed the schedule meanwhile, else 400 naming the fields.
   */
  @ExceptionHandler(ScheduleRefusedException.class)
  ResponseEntity<InvalidFields> refused(ScheduleRefusedException e) {
    boolean conflict = e.problems().keySet().equals(Set.of(ScheduleRefusedException.CONFLICT));
    return ResponseEntity.status(conflict ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST)
        .body(new InvalidFields(conflict ? "conflict" : "invalid", e.getMessage(), e.problems()));
  }

  /** The schedule, if it belongs to the project; listing checks that the caller may see it. */
  private ScheduleInfo existing(long projectId, long id) {
    return schedules.list(projectId).stream()
        .filter(s -> s.id() == id)
        .findFirst()
        .orElseThrow(
            () -> new NoSuchElementException("No schedule " + id + " in project " + projectId));
  }

  private static ScheduleJson json(ScheduleInfo s) {
    return new ScheduleJson(
        s.id(),
        s.projectId(),
        s.name(),
        s.expression(),
        s.timeZone(),
        s.enabled(),
        s.misfire(),
        s.overlap(),
        s.parameters(),
        s.description(),
        s.nextFire(),
        s.updatedAt(),
        s.note());
  }

  private static FireJson json(FireInfo f) {
    return new FireJson(f.fireTime(), f.firedAt(), f.node(), f.buildId(), f.outcome());
  }
}

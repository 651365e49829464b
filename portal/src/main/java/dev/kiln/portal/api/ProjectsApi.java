package dev.kiln.portal.api;

import dev.kiln.portal.build.Parameters;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.project.ProjectInfo;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.user.ApiCaller;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Projects over REST: list them, trigger a build. The API's security chain checks scope and role. */
@RestController
@RequestMapping("/api/projects")
class ProjectsApi {

  private static final int MAX_PAGE_SIZE = 500;

  private final ProjectService projects;

  ProjectsApi(ProjectService projects) {
    this.projects = projects;
  }

  /** A project as the API shows it; scripts and settings stay out. */
  record ProjectJson(long id, String name, String builder, String description) {}

  /** The build a trigger queued. */
  record Triggered(long id) {}

  @GetMapping
  List<ProjectJson> list(@RequestParam(defaultValue = "") String filter, @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "100") int size) {
    var request = PageRequest.of(Math.max(page, 0), Math.clamp(size, 1, MAX_PAGE_SIZE));
    if (request.getOffset() > Integer.MAX_VALUE) { // the database query takes an int offset
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Parameter 'page': page " + request.getPageNumber()
          + " of " + request.getPageSize() + " starts past the last project any Kiln can hold; page × size must"
          + " stay below " + ((long) Integer.MAX_VALUE + 1) + ".");
    }
    return projects.list(filter, request).stream().map(ProjectsApi::json).toList();
  }

  @GetMapping("/{id}")
  ProjectJson find(@PathVariable long id) {
    return projects.find(id).map(ProjectsApi::json).orElseThrow(() -> new NoSuchElementException("No project " + id));
  }

  /** Deletes the project with its builds, logs, artifacts, members and secrets (owners and admins). */
  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable long id) {
    projects.delete(id);
    return ResponseEntity.noContent().build();
  }

  /** What a trigger may send: parameters the build's script receives as environment variables. */
  record TriggerRequest(Map<String, String> parameters) {}

  @PostMapping("/{id}/builds")
  ResponseEntity<?> trigger(@PathVariable long id, @AuthenticationPrincipal ApiCaller caller,
      @RequestBody(required = false) TriggerRequest request) {
    var parameters = request == null || request.parameters() == null ? Map.<String, String>of() : request.parameters();
    String problem = Parameters.problem(parameters);
    if (problem != null) {
      return ResponseEntity.badRequest().body(new ApiError("invalid", problem));
    }
    var trigger = Trigger.api(caller.username(), caller.tokenName());
    long build = projects.runNow(id, new Trigger(trigger.kind(), trigger.by(), parameters, null));
    return ResponseEntity.created(URI.create("/api/builds/" + build)).body(new Triggered(build));
  }

  private static ProjectJson json(ProjectInfo p) {
    return new ProjectJson(p.id(), p.name(), p.builderId(), p.description());
  }
}

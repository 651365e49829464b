package dev.kiln.portal.api;

import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.project.InvalidParametersException;
import dev.kiln.portal.project.InvalidProjectException;
import dev.kiln.portal.project.ParameterDeclaration;
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
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Projects over REST: list them, declare their parameters, trigger a build. The API's security
 * chain checks scope and role.
 */
@RestController
@RequestMapping("/api/projects")
class ProjectsApi {

  private static final int MAX_PAGE_SIZE = 500;

  private final ProjectService projects;

  ProjectsApi(ProjectService projects) {
    this.projects = projects;
  }

  /** A project as the API shows it; scripts and settings stay out. */
  record ProjectJson(
      long id, String name, String builder, String description, List<ParameterJson> parameters) {}

  /** A declared parameter: choices and pattern are optional, and never both. */
  record ParameterJson(
      String name, String description, String defaultValue, List<String> choices, String pattern) {

    ParameterDeclaration declaration() {
      return new ParameterDeclaration(name, description, defaultValue, choices, pattern);
    }

    static ParameterJson of(ParameterDeclaration d) {
      return new ParameterJson(
          d.name(), d.description(), d.defaultValue(), d.choices(), d.pattern());
    }
  }

  /** The parameters a project declares, replacing those it declared before. */
  record ParametersRequest(List<ParameterJson> parameters) {}

  /** The build a trigger queued. */
  record Triggered(long id) {}

  @GetMapping
  List<ProjectJson> list(
      @RequestParam(defaultValue = "") String filter,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "100") int size) {
    var request = PageRequest.of(Math.max(page, 0), Math.clamp(size, 1, MAX_PAGE_SIZE));
    if (request.getOffset() > Integer.MAX_VALUE) { // the database query takes an int offset
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST,
          "Parameter 'page': page "
              + request.getPageNumber()
              + " of "
              + request.getPageSize()
              + " starts past the last project any Kiln can hold; page × size must"
              + " stay below "
              + ((long) Integer.MAX_VALUE + 1)
              + ".");
    }
    return projects.list(filter, request).stream().map(ProjectsApi::json).toList();
  }

  @GetMapping("/{id}")
  ProjectJson find(@PathVariable long id) {
    return projects
        .find(id)
        .map(ProjectsApi::json)
        .orElseThrow(() -> new NoSuchElementException("No project " + id));
  }

  /**
   * Deletes the project with its builds, logs, artifacts, members and secrets (owners and admins).
   */
  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable long id) {
    projects.delete(id);
    return ResponseEntity.noContent().build();
  }

  /**
   * Replaces the project's parameter declarations (maintainers); answers the project as it is then.
   */
  @PutMapping("/{id}/parameters")
  ProjectJson declare(@PathVariable long id, @RequestBody ParametersRequest request) {
    var given =
        request == null || request.parameters() == null
            ? List.<ParameterJson>of()
            : request.parameters();
    projects.declareParameters(
        id,
        given.stream()
            .map(p -> p == null ? ParameterDeclaration.free("") : p.declaration())
            .toList());
    return find(id);
  }

  /**
   * What a trigger may send: values for the parameters the project declares, and what to build: a
   * branch or tag ({@code ref}) or a commit, or neither for the project's default branch.
   */
  record TriggerRequest(Map<String, String> parameters, String ref, String commit) {}

  @PostMapping("/{id}/builds")
  ResponseEntity<Triggered> trigger(
      @PathVariable long id,
      @AuthenticationPrincipal ApiCaller caller,
      @RequestBody(required = false) TriggerRequest request) {
    var parameters =
        request == null || request.parameters() == null
            ? Map.<String, String>of()
            : request.parameters();
    parameters.forEach(
        (name, value) -> {
          if (value
              == null) { // JSON null: the trigger's copies take no nulls, and the answer names it
            throw new InvalidParametersException(Map.of(name, name + ": give a string, not null."));
          }
        });
    String ref = request == null ? null : request.ref();
    String commit = request == null ? null : request.commit();
    Trigger trigger =
        Trigger.api(caller.username(), caller.tokenName())
            .withParameters(parameters)
            .withRevision(TriggerRevisions.of(ref, commit));
    long build = TriggerRevisions.naming(commit, () -> projects.runNow(id, trigger));
    return ResponseEntity.created(URI.create("/api/builds/" + build)).body(new Triggered(build));
  }

  /** Nothing was queued: 400 naming each parameter refused, and what is allowed. */
  @ExceptionHandler(InvalidParametersException.class)
  ResponseEntity<SchedulesApi.InvalidFields> refused(InvalidParametersException e) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST)
        .body(new SchedulesApi.InvalidFields("invalid_parameters", e.getMessage(), e.problems()));
  }

  /** The declarations were not saved: 400 naming each field ({@code parameters[i].name}…). */
  @ExceptionHandler(InvalidProjectException.class)
  ResponseEntity<SchedulesApi.InvalidFields> invalid(InvalidProjectException e) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST)
        .body(new SchedulesApi.InvalidFields("invalid", e.getMessage(), e.problems()));
  }

  private static ProjectJson json(ProjectInfo p) {
    return new ProjectJson(
        p.id(),
        p.name(),
        p.builderId(),
        p.description(),
        p.parameters().stream().map(ParameterJson::of).toList());
  }
}

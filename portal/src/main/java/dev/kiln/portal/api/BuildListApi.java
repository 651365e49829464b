package dev.kiln.portal.api;

import dev.kiln.portal.build.BuildFilter;
import dev.kiln.portal.build.BuildSearch;
import dev.kiln.portal.build.InvalidBuildFilterException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A project's builds over REST, newest first, filtered by state, branch or tag, trigger and commit,
 * a page at a time: what a script asks before it triggers or to find the build of a commit.
 */
@RestController
class BuildListApi {

  private static final int DEFAULT_SIZE = 50;

  private final BuildSearch search;

  BuildListApi(BuildSearch search) {
    this.search = search;
  }

  /**
   * One page of builds.
   *
   * @param hasNext whether a next page has builds
   */
  record BuildPageJson(List<BuildsApi.BuildJson> builds, long page, int size, boolean hasNext) {}

  @GetMapping("/api/projects/{id}/builds")
  BuildPageJson list(
      @PathVariable long id,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String ref,
      @RequestParam(required = false) String trigger,
      @RequestParam(required = false) String commit,
      @RequestParam(defaultValue = "0") long page,
      @RequestParam(defaultValue = "" + DEFAULT_SIZE) int size) {
    Map<String, String> problems = new LinkedHashMap<>();
    BuildFilter filter = null;
    try {
      filter = BuildFilter.parse(state, ref, trigger, commit);
    } catch (InvalidBuildFilterException e) {
      problems.putAll(e.problems());
    }
    if (size < 1 || size > BuildSearch.MAX_PAGE) {
      problems.put(
          "size", "From 1 to " + BuildSearch.MAX_PAGE + " builds a page, not " + size + ".");
    }
    if (page < 0 || page > Long.MAX_VALUE / (BuildSearch.MAX_PAGE + 1)) {
      problems.put("page", "A page number from 0, not " + page + ".");
    }
    if (!problems.isEmpty()) {
      throw new InvalidBuildFilterException(problems);
    }
    // One more than a page says whether there is a next one, without counting them all.
    var found = search.search(id, filter, page * size, size + 1);
    return new BuildPageJson(
        found.stream().limit(size).map(m -> BuildsApi.json(m.build(), m.received())).toList(),
        page,
        size,
        found.size() > size);
  }

  /** Nothing was listed: 400 naming each query parameter at fault. */
  @ExceptionHandler(InvalidBuildFilterException.class)
  ResponseEntity<SchedulesApi.InvalidFields> refused(InvalidBuildFilterException e) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST)
        .body(new SchedulesApi.InvalidFields("invalid_filter", e.getMessage(), e.problems()));
  }
}

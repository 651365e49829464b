package dev.kiln.builder.gha;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.plugin.api.BuildException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Walks a paginated GitHub list by its {@code Link} headers. */
final class Pages {

  /** GitHub's largest page. */
  static final int PER_PAGE = 100;

  /** A bound, so a server that always links a next page cannot keep a build busy. */
  private static final int MAX_PAGES = 50;

  private Pages() {}

  /** The first item of the list at {@code path} (its array under {@code field}) that matches. */
  static Optional<JsonNode> find(
      GitHubApi api, String path, String field, Predicate<JsonNode> match)
      throws BuildException, InterruptedException {
    GitHubApi.Answer page = api.get(path);
    for (int n = 1; ; n++) {
      for (JsonNode item : page.body().path(field)) {
        if (match.test(item)) {
          return Optional.of(item);
        }
      }
      Optional<URI> next = page.next();
      if (next.isEmpty() || n >= MAX_PAGES) {
        return Optional.empty();
      }
      page = api.get(next.get());
    }
  }

  /** Every item of the list at {@code path}. */
  static List<JsonNode> all(GitHubApi api, String path, String field)
      throws BuildException, InterruptedException {
    List<JsonNode> items = new ArrayList<>();
    find(
        api,
        path,
        field,
        item -> {
          items.add(item);
          return false;
        });
    return items;
  }
}

package dev.kiln.portal.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * A GitHub user's organizations and teams, read from GitHub's REST API with the user's own token
 * ({@code GET /user/orgs} and {@code GET /user/teams}, which need the {@code read:org} scope).
 */
class GitHubMemberships {

  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
  private static final int PAGE_SIZE = 100; // GitHub's largest
  private static final int MAX_PAGES = 20;

  private final RestClient http;

  GitHubMemberships() {
    var factory =
        new JdkClientHttpRequestFactory(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    factory.setReadTimeout(Duration.ofSeconds(10));
    http =
        RestClient.builder()
            .requestFactory(factory)
            .defaultHeader(HttpHeaders.ACCEPT, "application/vnd.github+json")
            .defaultHeader("X-GitHub-Api-Version", "2022-11-28")
            .build();
  }

  /**
   * Lists the memberships the mapping can use: organizations only when it names one, teams only
   * when it names one.
   *
   * @param api the REST API's root: {@code https://api.github.com}, or {@code https://HOST/api/v3}
   *     for GitHub Enterprise
   * @param wanted the organizations ({@code org}) and teams ({@code org/team-slug}) the mapping
   *     names
   * @return {@code org} for each organization and {@code org/team-slug} for each team, in lower
   *     case
   * @throws org.springframework.web.client.RestClientException when GitHub refuses or does not
   *     answer
   */
  Set<String> of(String api, String token, Set<String> wanted) {
    Set<String> groups = new HashSet<>();
    if (wanted.stream().anyMatch(name -> !name.contains("/"))) {
      for (Org org :
          all(api + "/user/orgs", token, new ParameterizedTypeReference<List<Org>>() {})) {
        groups.add(org.login().toLowerCase(Locale.ROOT));
      }
    }
    if (wanted.stream().anyMatch(name -> name.contains("/"))) {
      for (Team team :
          all(api + "/user/teams", token, new ParameterizedTypeReference<List<Team>>() {})) {
        if (team.organization() != null) {
          groups.add((team.organization().login() + "/" + team.slug()).toLowerCase(Locale.ROOT));
        }
      }
    }
    return groups;
  }

  /** Every page of a list, following GitHub's {@code Link: <…>; rel="next"} headers. */
  private <T> List<T> all(String url, String token, ParameterizedTypeReference<List<T>> type) {
    List<T> items = new ArrayList<>();
    URI page = URI.create(url + "?per_page=" + PAGE_SIZE);
    for (int pages = 0; page != null; pages++) {
      if (pages == MAX_PAGES) {
        throw new IllegalStateException(
            url + " has more than " + MAX_PAGES * PAGE_SIZE + " entries");
      }
      ResponseEntity<List<T>> response =
          http.get().uri(page).headers(h -> h.setBearerAuth(token)).retrieve().toEntity(type);
      items.addAll(Objects.requireNonNullElse(response.getBody(), List.of()));
      page = next(page, response.getHeaders().getFirst(HttpHeaders.LINK));
    }
    return items;
  }

  /** The next page; only on the same host, so the user's token never goes anywhere else. */
  private static URI next(URI current, String link) {
    Matcher matcher = link == null ? null : NEXT.matcher(link);
    if (matcher == null || !matcher.find()) {
      return null;
    }
    URI next = current.resolve(matcher.group(1));
    return Objects.equals(next.getScheme(), current.getScheme())
            && Objects.equals(next.getRawAuthority(), current.getRawAuthority())
        ? next
        : null;
  }

  /** The part of GitHub's organization object Kiln reads. */
  record Org(String login) {}

  /** The part of GitHub's team object Kiln reads. */
  record Team(String slug, Org organization) {}
}

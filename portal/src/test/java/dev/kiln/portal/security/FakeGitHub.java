package dev.kiln.portal.security;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for GitHub on 127.0.0.1, laid out as GitHub Enterprise Server is (the web flow at the
 * root, the REST API under {@code /api/v3}) and speaking GitHub's documented wire format: the OAuth
 * web application flow ({@code GET /login/oauth/authorize}, {@code POST /login/oauth/access_token},
 * answered as JSON, XML or form-encoded by {@code Accept}, errors as HTTP 200 with an {@code
 * error}) and {@code GET /user}, {@code /user/orgs}, {@code /user/teams} with their scope checks
 * and {@code Link} pagination. The test says who authorizes next, as a person clicking "Authorize"
 * would.
 */
final class FakeGitHub implements AutoCloseable {

  /** A GitHub account, its organizations, and its teams as {@code org/team-slug}. */
  record Account(long id, String login, String email, List<String> orgs, List<String> teams) {}

  private record Grant(Account account, Set<String> scopes, String redirectUri) {}

  private static final String DOCS = "https://docs.github.com/rest";

  private final HttpServer server;
  private final String clientId;
  private final String clientSecret;
  private final JsonMapper json = JsonMapper.builder().build();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile Account next;

  FakeGitHub(String clientId, String clientSecret) throws IOException {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String webUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String apiUrl() {
    return webUrl() + "/api/v3";
  }

  /** The account that authorizes Kiln at the next {@code /login/oauth/authorize}. */
  void nextAuthorizes(Account account) {
    next = account;
  }

  /**
   * What Kiln asked for, one line per request: method, path and query, and the headers that matter.
   */
  List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    var headers = exchange.getRequestHeaders();
    requests.add(
        exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI()
            + " accept="
            + headers.getFirst("Accept")
            + " auth="
            + String.valueOf(headers.getFirst("Authorization")).split(" ")[0]);
    try (exchange) {
      switch (path) {
        case "/login/oauth/authorize" -> authorize(exchange);
        case "/login/oauth/access_token" -> accessToken(exchange);
        case "/api/v3/user" -> api(exchange, Set.of(), (grant, base) -> user(grant.account()));
        case "/api/v3/user/orgs" ->
            api(
                exchange,
                Set.of("user", "read:org", "write:org", "admin:org"),
                (grant, base) ->
                    grant.account().orgs().stream().map(org -> org(org, base)).toList());
        case "/api/v3/user/teams" ->
            api(
                exchange,
                Set.of("user", "repo", "read:org", "write:org", "admin:org"),
                (grant, base) ->
                    grant.account().teams().stream().map(team -> team(team, base)).toList());
        default ->
            send(
                exchange,
                404,
                "application/json",
                json(Map.of("message", "Not Found", "documentation_url", DOCS)));
      }
    }
  }

  private void authorize(HttpExchange exchange) throws IOException {
    Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
    String redirect = query.get("redirect_uri");
    if (!clientId.equals(query.get("client_id")) || next == null) {
      send(exchange, 404, "text/html", "<h1>404</h1>"); // GitHub's page for an unknown application
    } else if (redirect == null || !redirect.endsWith("/login/oauth2/code/github")) {
      send(
          exchange,
          400,
          "text/html",
          "<p>The redirect_uri is not associated with this application.</p>");
    } else {
      // GitHub documents scope as space-delimited, and accepts commas too.
      Set<String> scopes =
          new TreeSet<>(Arrays.asList(query.getOrDefault("scope", "").split("[ ,]+")));
      scopes.remove("");
      String code = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
      codes.put(code, new Grant(next, scopes, redirect));
      exchange
          .getResponseHeaders()
          .add(
              "Location",
              redirect
                  + (redirect.contains("?") ? "&" : "?")
                  + "code="
                  + code
                  + "&state="
                  + URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8));
      send(exchange, 302, "text/html", "");
    }
  }

  private void accessToken(HttpExchange exchange) throws IOException {
    Map<String, String> body =
        form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String basic = exchange.getRequestHeaders().getFirst("Authorization");
    if (basic != null
        && basic.startsWith("Basic ")) { // RFC 6749 client_secret_basic: both parts form-encoded
      String[] pair =
          new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8)
              .split(":", 2);
      body.put("client_id", URLDecoder.decode(pair[0], StandardCharsets.UTF_8));
      body.put("client_secret", URLDecoder.decode(pair[1], StandardCharsets.UTF_8));
    }
    Grant grant = codes.remove(String.valueOf(body.get("code")));
    Map<String, String> answer = new LinkedHashMap<>();
    if (!clientId.equals(body.get("client_id"))
        || !clientSecret.equals(body.get("client_secret"))) {
      answer.put("error", "incorrect_client_credentials");
      answer.put("error_description", "The client_id and/or client_secret passed are incorrect.");
    } else if (grant == null) {
      answer.put("error", "bad_verification_code");
      answer.put("error_description", "The code passed is incorrect or expired.");
    } else if (body.containsKey("redirect_uri")
        && !body.get("redirect_uri").equals(grant.redirectUri())) {
      answer.put("error", "redirect_uri_mismatch");
      answer.put(
          "error_description",
          "The redirect_uri MUST match the registered callback URL for this application.");
    } else {
      String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
      tokens.put(token, grant);
      answer.put("access_token", token);
      answer.put(
          "scope", String.join(",", grant.scopes())); // GitHub joins granted scopes with commas
      answer.put("token_type", "bearer");
    }
    String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
    if (accept.contains("application/json")) {
      send(exchange, 200, "application/json; charset=utf-8", json(answer));
    } else if (accept.contains("application/xml")) {
      send(
          exchange,
          200,
          "application/xml; charset=utf-8",
          answer.entrySet().stream()
              .map(e -> "<" + e.getKey() + ">" + e.getValue() + "</" + e.getKey() + ">")
              .collect(Collectors.joining("", "<OAuth>", "</OAuth>")));
    } else {
      send(
          exchange,
          200,
          "application/x-www-form-urlencoded; charset=utf-8",
          answer.entrySet().stream()
              .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
              .collect(Collectors.joining("&")));
    }
  }

  private interface Resource {
    Object of(Grant grant, String base);
  }

  /** A REST API call: the token checked, the scope checked, lists paginated as GitHub does. */
  private void api(HttpExchange exchange, Set<String> anyScopeOf, Resource resource)
      throws IOException {
    String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
    Grant grant = tokens.get(auth.replaceFirst("^(Bearer|token) ", ""));
    if (grant == null) {
      send(
          exchange,
          401,
          "application/json; charset=utf-8",
          json(Map.of("message", "Bad credentials", "documentation_url", DOCS, "status", "401")));
      return;
    }
    exchange.getResponseHeaders().add("X-OAuth-Scopes", String.join(", ", grant.scopes()));
    exchange
        .getResponseHeaders()
        .add("X-Accepted-OAuth-Scopes", String.join(", ", new TreeSet<>(anyScopeOf)));
    exchange.getResponseHeaders().add("X-GitHub-Media-Type", "github.v3; format=json");
    if (!anyScopeOf.isEmpty() && anyScopeOf.stream().noneMatch(grant.scopes()::contains)) {
      send(
          exchange,
          403,
          "application/json; charset=utf-8",
          json(
              Map.of(
                  "message",
                  "This token needs one of these scopes: "
                      + String.join(", ", new TreeSet<>(anyScopeOf)),
                  "documentation_url",
                  DOCS,
                  "status",
                  "403")));
      return;
    }
    String base = "http://" + exchange.getRequestHeaders().getFirst("Host") + "/api/v3";
    Object found = resource.of(grant, base);
    if (found instanceof List<?> all) {
      Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
      int perPage = Math.min(100, Integer.parseInt(query.getOrDefault("per_page", "30")));
      int page = Integer.parseInt(query.getOrDefault("page", "1"));
      int last = Math.max(1, (all.size() + perPage - 1) / perPage);
      String self =
          base
              + exchange.getRequestURI().getPath().substring("/api/v3".length())
              + "?per_page="
              + perPage
              + "&page=";
      List<String> links = new ArrayList<>();
      if (page < last) {
        links.add("<" + self + (page + 1) + ">; rel=\"next\"");
        links.add("<" + self + last + ">; rel=\"last\"");
      }
      if (page > 1) {
        links.add("<" + self + 1 + ">; rel=\"first\"");
        links.add("<" + self + (page - 1) + ">; rel=\"prev\"");
      }
      if (!links.isEmpty()) {
        exchange.getResponseHeaders().add("Link", String.join(", ", links));
      }
      found =
          all.subList(
              Math.min(all.size(), (page - 1) * perPage), Math.min(all.size(), page * perPage));
    }
    send(exchange, 200, "application/json; charset=utf-8", json(found));
  }

  private Map<String, Object> user(Account account) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("login", account.login());
    user.put("id", account.id());
    user.put("node_id", "MDQ6VXNlcj" + account.id());
    user.put("avatar_url", webUrl() + "/avatars/u/" + account.id());
    user.put("gravatar_id", "");
    user.put("url", apiUrl() + "/users/" + account.login());
    user.put("html_url", webUrl() + "/" + account.login());
    user.put("type", "User");
    user.put("site_admin", false);
    user.put("name", null);
    user.put("company", null);
    user.put("email", account.email()); // the public e-mail; null when the user keeps it private
    user.put("public_repos", 2);
    user.put("created_at", "2008-01-14T04:33:35Z");
    return user;
  }

  private static Map<String, Object> org(String login, String base) {
    Map<String, Object> org = new LinkedHashMap<>();
    org.put("login", login);
    org.put("id", Math.abs(login.hashCode()));
    org.put("node_id", "MDEyOk9yZ2FuaXphdGlvbj" + Math.abs(login.hashCode()));
    org.put("url", base + "/orgs/" + login);
    org.put("repos_url", base + "/orgs/" + login + "/repos");
    org.put("members_url", base + "/orgs/" + login + "/members{/member}");
    org.put("avatar_url", base + "/avatars/" + login);
    org.put("description", null);
    return org;
  }

  private static Map<String, Object> team(String orgAndSlug, String base) {
    String[] parts = orgAndSlug.split("/", 2);
    int id = Math.abs(orgAndSlug.hashCode());
    Map<String, Object> team = new LinkedHashMap<>();
    team.put("id", id);
    team.put("node_id", "MDQ6VGVhbT" + id);
    team.put("url", base + "/teams/" + id);
    team.put("name", parts[1].replace('-', ' '));
    team.put("slug", parts[1]);
    team.put("description", null);
    team.put("privacy", "closed");
    team.put("notification_setting", "notifications_enabled");
    team.put("permission", "pull");
    team.put("members_url", base + "/teams/" + id + "/members{/member}");
    team.put("parent", null);
    team.put("members_count", 3);
    team.put("organization", org(parts[0], base));
    return team;
  }

  private String json(Object value) {
    return json.writeValueAsString(value);
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> values = new HashMap<>();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      String[] kv = pair.split("=", 2);
      if (!kv[0].isEmpty()) {
        values.put(
            URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return values;
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

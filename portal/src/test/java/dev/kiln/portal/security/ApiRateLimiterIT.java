package dev.kiln.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.user.ApiScope;
import dev.kiln.portal.user.ApiTokens;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's rate limits over real HTTP, at their configured defaults: requests are sent as fast as
 * the client can until the server refuses. How buckets refill is tested on a manual clock in {@link
 * ApiRateLimiterTest}; here one refill is waited for, about a second.
 */
class ApiRateLimiterIT extends KilnSpringTest {

  private static final AtomicInteger names = new AtomicInteger();
  private static final JsonMapper json = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /**
   * Requests sent at once in the concurrency tests, and how long each may take on a loaded machine.
   */
  private static final int CONCURRENT = 1000;

  private static final Duration CONCURRENT_TIMEOUT = Duration.ofMinutes(2);

  @Autowired ApiRateLimitProperties limits;
  @Autowired UserService users;
  @Autowired ApiTokens tokens;
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  @Test
  void aTokenOverItsLimitGets429WithRetryAfterAndOthersGoOn() throws Exception {
    String token = token(Role.VIEWER, ApiScope.READ);
    String other = token(Role.VIEWER, ApiScope.READ);

    HttpResponse<String> first = get(http, token);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("X-RateLimit-Limit"))
        .hasValue(Integer.toString(limits.requestsPerMinute()));
    assertThat(first.headers().firstValue("X-RateLimit-Remaining"))
        .hasValue(Integer.toString(limits.requestsPerMinute() - 1));
    assertThat(first.headers().firstValue("X-RateLimit-Reset"))
        .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));

    HttpResponse<String> refused = untilRefused(limits.requestsPerMinute(), () -> get(http, token));
    assertTooManyRequests(refused);
    assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");

    assertThat(get(http, other).statusCode()).isEqualTo(200);

    Thread.sleep(
        Duration.ofSeconds(
            Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())));
    assertThat(get(http, token).statusCode()).isEqualTo(200);
  }

  @Test
  void buildTriggersHaveTheirOwnSmallerLimit() throws Exception {
    String token = token(Role.ADMIN, ApiScope.TRIGGER);
    // No such project: each trigger is answered 404 (to an admin; others hear 403), and still
    // counts.
    HttpRequest trigger =
        request("/api/projects/" + Long.MAX_VALUE + "/builds", token)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();

    HttpResponse<String> first = http.send(trigger, HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(404);
    assertThat(first.headers().firstValue("X-RateLimit-Limit"))
        .hasValue(Integer.toString(limits.triggersPerMinute()));

    HttpResponse<String> refused =
        untilRefused(
            limits.triggersPerMinute(),
            () -> http.send(trigger, HttpResponse.BodyHandlers.ofString()));
    assertTooManyRequests(refused);
    assertThat(get(http, token).statusCode()).as("reading is still allowed").isEqualTo(200);
  }

  /**
   * Guessing tokens from one address is bounded, and the address is then refused before any token
   * is looked up, but for tokens that checked out lately. The guesses come from a second loopback
   * address so that other tests' requests from 127.0.0.1 are not refused.
   */
  @Test
  void invalidTokensAreLimitedPerAddress() throws Exception {
    InetAddress guesser = InetAddress.getByName("127.0.0.2");
    assumeTrue(canBind(guesser), "this system routes no loopback address but 127.0.0.1");
    HttpClient fromGuesser =
        HttpClient.newBuilder().connectTimeout(TIMEOUT).localAddress(guesser).build();
    String valid = token(Role.VIEWER, ApiScope.READ);
    assertThat(get(fromGuesser, valid).statusCode()).isEqualTo(200);

    AtomicInteger guess = new AtomicInteger();
    HttpResponse<String> refused =
        untilRefused(
            limits.invalidTokensPerMinute(),
            () -> {
              HttpResponse<String> response =
                  get(fromGuesser, "kiln_" + "%040d".formatted(guess.incrementAndGet()));
              assertThat(response.statusCode()).isIn(401, 429);
              return response;
            });

    assertTooManyRequests(refused);
    String unseen = token(Role.VIEWER, ApiScope.READ);
    assertThat(get(fromGuesser, unseen).statusCode())
        .as("a valid token not checked lately")
        .isEqualTo(429);
    assertThat(get(fromGuesser, valid).statusCode())
        .as("a token that checked out lately")
        .isEqualTo(200);
    assertThat(get(http, unseen).statusCode()).as("from another address").isEqualTo(200);
  }

  /**
   * Valid tokens never count against the address's limit, however many arrive at once: only a check
   * that fails does. Ten tokens share the requests so that no token reaches its own limit.
   */
  @Test
  void concurrentValidRequestsFromOneAddressAreAllServed() throws Exception {
    HttpClient client = clientFrom("127.0.0.3");
    List<String> valid =
        IntStream.range(0, 10).mapToObj(i -> token(Role.VIEWER, ApiScope.READ)).toList();

    long start = System.nanoTime();
    Map<Integer, Long> statuses = statuses(client, CONCURRENT, i -> valid.get(i % valid.size()));

    System.out.printf(
        "%d valid requests at once from one address: %s by status, in %d ms%n",
        CONCURRENT, statuses, (System.nanoTime() - start) / 1_000_000);
    assertThat(statuses).containsExactly(Map.entry(200, (long) CONCURRENT));
  }

  /**
   * Concurrent guesses cannot slip past the limit together: of many sent at once, at most the limit
   * (plus what refilled while they ran) reach the token look-up and hear 401; the rest hear 429.
   */
  @Test
  void concurrentInvalidTokensGetNoMoreThanTheLimitThroughToTheLookUp() throws Exception {
    HttpClient client = clientFrom("127.0.0.4");
    long start = System.nanoTime();

    Map<Integer, Long> statuses = statuses(client, CONCURRENT, i -> "kiln_" + "%040d".formatted(i));

    long refilled =
        (System.nanoTime() - start)
                * limits.invalidTokensPerMinute()
                / ApiRateLimiter.PERIOD.toNanos()
            + 1;
    System.out.printf(
        "%d invalid tokens at once from one address: %s by status, in %d ms (limit %d, refilled %d)%n",
        CONCURRENT,
        statuses,
        (System.nanoTime() - start) / 1_000_000,
        limits.invalidTokensPerMinute(),
        refilled);
    assertThat(statuses.keySet()).isSubsetOf(401, 429);
    assertThat(statuses.getOrDefault(401, 0L))
        .isBetween(1L, limits.invalidTokensPerMinute() + refilled);
    assertThat(statuses.getOrDefault(429, 0L))
        .isGreaterThanOrEqualTo(CONCURRENT - limits.invalidTokensPerMinute() - refilled);
  }

  /**
   * Sends {@code count} requests at once, each with its token, and counts the answers by status.
   */
  private Map<Integer, Long> statuses(HttpClient client, int count, IntFunction<String> token) {
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/projects?size=1"))
              .timeout(CONCURRENT_TIMEOUT)
              .header("Accept", "application/json")
              .header("Authorization", "Bearer " + token.apply(i))
              .GET()
              .build();
      sent.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    return sent.stream()
        .map(CompletableFuture::join)
        .collect(
            Collectors.groupingBy(HttpResponse::statusCode, TreeMap::new, Collectors.counting()));
  }

  /**
   * A client whose requests come from {@code address}, a loopback address of its own so no other
   * test shares its limit.
   */
  private static HttpClient clientFrom(String address) throws IOException {
    InetAddress local = InetAddress.getByName(address);
    assumeTrue(canBind(local), "this system routes no loopback address but 127.0.0.1");
    return HttpClient.newBuilder().connectTimeout(CONCURRENT_TIMEOUT).localAddress(local).build();
  }

  @Test
  void theOpenApiDescriptionDocumentsTheLimits() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/openapi.json"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode document = json.readTree(response.body());
    for (JsonNode path : document.get("paths")) {
      for (JsonNode operation : path) {
        if (operation.has("security") && operation.get("security").isEmpty()) {
          continue; // needs no token, so no token's limit
        }
        assertThat(operation.get("responses").has("429"))
            .as(operation.get("summary").asString())
            .isTrue();
      }
    }
    assertThat(document.at("/components/responses/TooManyRequests/headers").has("Retry-After"))
        .isTrue();
  }

  /**
   * Sends until the server answers 429, which must come after {@code limit} requests at most twice
   * over.
   */
  private static HttpResponse<String> untilRefused(int limit, Request send) throws Exception {
    for (int i = 0; i < 2 * limit; i++) {
      HttpResponse<String> response = send.send();
      if (response.statusCode() == 429) {
        assertThat(i).as("requests before the first 429").isGreaterThanOrEqualTo(limit - 1);
        return response;
      }
    }
    throw new AssertionError("no 429 after " + 2 * limit + " requests");
  }

  private static void assertTooManyRequests(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After"))
        .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("json"));
    JsonNode body = json.readTree(response.body());
    assertThat(body.get("error").asString()).isEqualTo("too_many_requests");
    assertThat(body.get("message").asString())
        .startsWith("Too many requests")
        .contains("Try again in");
  }

  private HttpResponse<String> get(HttpClient client, String token)
      throws IOException, InterruptedException {
    return client.send(
        request("/api/projects?size=1", token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path, String token) {
    // 127.0.0.1 rather than localhost, which may resolve to ::1 and not match a bound IPv4 address.
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(TIMEOUT)
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + token);
  }

  private String token(Role role, ApiScope scope) {
    String name = "limited-" + names.incrementAndGet();
    TestUsers.create(users, name, "a long enough password", role);
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(name, null, List.of()));
    SecurityContextHolder.setContext(context);
    try {
      return tokens.create("limits", scope, 1).value();
    } finally {
      SecurityContextHolder.clearContext();
    }
  }

  private static boolean canBind(InetAddress address) {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(address, 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @FunctionalInterface
  private interface Request {
    HttpResponse<String> send() throws Exception;
  }
}

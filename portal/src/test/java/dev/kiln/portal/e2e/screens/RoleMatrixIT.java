package dev.kiln.portal.e2e.screens;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.TimeoutError;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectMembers;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.schedule.MisfirePolicy;
import dev.kiln.portal.schedule.OverlapPolicy;
import dev.kiln.portal.schedule.ScheduleDraft;
import dev.kiln.portal.schedule.ScheduleService;
import dev.kiln.portal.secret.SecretService;
import dev.kiln.portal.user.ApiScope;
import dev.kiln.portal.user.ApiTokens;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Who may do what: every REST endpoint and every route of the portal, tried by an admin (not a
 * member), the project's owner, a member maintainer, a member viewer, a non-member and an anonymous
 * caller, against a matrix written out below. The project roles are deliberately crossed with the
 * system roles: the member maintainer is a system viewer and the non-member a system maintainer, so
 * a check that looked at the wrong role would show.
 */
class RoleMatrixIT extends KilnSpringTest {

  private static final String PASSWORD = "a long enough password";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final AtomicInteger names = new AtomicInteger();

  /** The callers, in the order of the matrices' columns. */
  private static final List<String> WHO =
      List.of("admin", "owner", "maintainer", "viewer", "outsider", "anonymous");

  /**
   * REST: status per caller. {p} is the shared project, {b} an ended build of it (so cancel is 409
   * once the role allows it); {fresh-project}, {secret}, {member} and {user} are made anew for each
   * call, so that deleting in one cell leaves the next cell something to delete. "lists" and
   * "hides" are 200 with or without the project in the list.
   */
  private static final String API_MATRIX =
      """
      GET    /api/openapi.json                 200   200   200   200   200   200
      GET    /api/projects                     lists lists lists lists hides 401
      GET    /api/projects/{p}                 200   200   200   200   403   401
      POST   /api/projects/{p}/builds          201   201   201   403   403   401
      PUT    /api/projects/{p}/parameters      200   200   200   403   403   401
      GET    /api/builds/{b}                   200   200   200   200   403   401
      GET    /api/projects/{p}/builds          200   200   200   200   403   401
      GET    /api/projects/{p}/members         200   200   200   200   403   401
      PUT    /api/projects/{p}/members/{user}  200   200   403   403   403   401
      DELETE /api/projects/{p}/members/{member} 204  204   403   403   403   401
      GET    /api/projects/{p}/secrets         200   200   200   403   403   401
      POST   /api/projects/{p}/secrets         201   201   403   403   403   401
      PUT    /api/secrets/{secret}/value       200   200   403   403   403   401
      DELETE /api/secrets/{secret}             204   204   403   403   403   401
      GET    /api/secrets                      200   403   403   403   403   401
      POST   /api/secrets                      201   403   403   403   403   401
      DELETE /api/projects/{fresh-project}     204   204   403   403   403   401
      GET    /api/projects/{p}/schedules       200   200   200   200   403   401
      POST   /api/projects/{p}/schedules       201   201   201   403   403   401
      GET    /api/projects/{p}/schedules/{schedule} 200 200 200 200 403   401
      PUT    /api/projects/{p}/schedules/{schedule} 200 200 200 403 403   401
      GET    /api/projects/{p}/schedules/{schedule}/fires 200 200 200 200 403 401
      DELETE /api/projects/{p}/schedules/{schedule} 204 204 204 403 403   401
      GET    /api/builds/{b}/log               200   200   200   200   403   401
      GET    /api/builds/{b}/artifacts         200   200   200   200   403   401
      GET    /api/builds/{b}/artifacts/matrix.txt 200 200 200 200 403   401
      POST   /api/builds/{b}/cancel            409   409   409   403   403   401
      POST   /api/builds/{b}/rebuild           201   201   201   403   403   401
      """;

  /**
   * Routes: which screen each caller gets. Every route Vaadin has registered needs a line here
   * (with and without its parameter when the parameter is optional); {@link
   * #everyRouteOfThePortalHasALineInTheMatrix} checks that against Vaadin's route registry ({@link
   * PortalRoutes}).
   */
  private static final String ROUTE_MATRIX =
      """
      /                     projects projects projects projects projects login
      /projects/{p}         project  project  project  project  denied   login
      /projects/edit/{p}    form     form     form     denied   denied   login
      /projects/edit        form     form     denied   denied   form     login
      /builds/{b}           build    build    build    build    denied   login
      /admin/users          users    denied   denied   denied   denied   login
      /admin/secrets        secrets  denied   denied   denied   denied   login
      /admin/nodes          nodes    denied   denied   denied   denied   login
      /admin/builders       builders denied   denied   denied   denied   login
      /admin/plugins        plugins  denied   denied   denied   denied   login
      /admin/audit          audit    denied   denied   denied   denied   login
      /account/tokens       tokens   tokens   tokens   tokens   tokens   login
      /account/password     password password password password password login
      /login                login    login    login    login    login    login
      """;

  /** What each screen shows that the others do not. */
  private static final Map<String, String> SCREENS = new LinkedHashMap<>();

  static {
    SCREENS.put("denied", "#access-denied");
    SCREENS.put("login", "vaadin-login-form");
    SCREENS.put(
        "projects", "#projects, #no-projects"); // the list, or what it says when the user sees none
    SCREENS.put("project", "#project-tabs");
    SCREENS.put("form", "#project-name");
    SCREENS.put("build", "#build-state");
    SCREENS.put("users", "#users");
    SCREENS.put("secrets", "#secrets");
    SCREENS.put("nodes", "#nodes");
    SCREENS.put("builders", "#builder-instances");
    SCREENS.put("plugins", "#plugins");
    SCREENS.put("audit", "#audit");
    SCREENS.put("tokens", "#tokens");
    SCREENS.put("password", "#new-password");
  }

  @Autowired UserService users;
  @Autowired ApiTokens tokens;
  @Autowired ProjectService projects;
  @Autowired ProjectMembers members;
  @Autowired BuildService builds;
  @Autowired SecretService secrets;
  @Autowired ScheduleService schedules;
  @Autowired ServletContext servletContext;
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final Map<String, String> usernames = new LinkedHashMap<>();
  private long project;
  private long build;

  @BeforeEach
  void team() {
    int n = names.incrementAndGet();
    usernames.put("admin", user("rm-admin-" + n, Role.ADMIN));
    usernames.put("owner", user("rm-owner-" + n, Role.MAINTAINER));
    usernames.put("maintainer", user("rm-maintainer-" + n, Role.VIEWER));
    usernames.put("viewer", user("rm-viewer-" + n, Role.VIEWER));
    usernames.put("outsider", user("rm-outsider-" + n, Role.MAINTAINER));
    project = newProject();
    build = as("owner", () -> projects.runNow(project, "role matrix"));
    await(
        "the build to end",
        Duration.ofSeconds(60),
        () -> as("owner", () -> builds.find(build)).orElseThrow().state().isFinal());
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void everyEndpointAllowsExactlyWhomTheMatrixSays() throws Exception {
    Map<String, String> bearer = new LinkedHashMap<>();
    for (String who : WHO.subList(0, 5)) {
      bearer.put(who, as(who, () -> tokens.create("matrix", ApiScope.ADMIN, 1).value()));
    }
    List<String> wrong = new ArrayList<>();
    int cells = 0;
    for (String line : API_MATRIX.strip().split("\n")) {
      String[] cell = line.strip().split("\\s+");
      for (int i = 0; i < WHO.size(); i++) {
        String who = WHO.get(i);
        String expected = cell[2 + i];
        String path = resolve(cell[1]);
        HttpResponse<String> response =
            send(cell[0], path, bearer.get(who), body(cell[0], cell[1]));
        String actual = String.valueOf(response.statusCode());
        if (expected.equals("lists") || expected.equals("hides")) {
          actual =
              response.statusCode() != 200
                  ? actual
                  : response.body().contains("\"id\":" + project + ",") ? "lists" : "hides";
        }
        cells++;
        if (!expected.equals(actual)) {
          wrong.add(
              who
                  + " "
                  + cell[0]
                  + " "
                  + path
                  + ": expected "
                  + expected
                  + ", got "
                  + actual
                  + " "
                  + response.body());
        }
      }
    }
    assertThat(wrong).as("cells that differ from the matrix").isEmpty();
    assertThat(cells).isEqualTo(28 * WHO.size());
  }

  /**
   * The route matrix covers the routes Vaadin serves, read from its route registry, so a new screen
   * cannot be left out of {@link #everyRouteShowsWhatTheMatrixSays}.
   */
  @Test
  void everyRouteOfThePortalHasALineInTheMatrix() {
    Set<String> inMatrix = new TreeSet<>();
    for (String line : ROUTE_MATRIX.strip().split("\n")) {
      inMatrix.add(line.strip().split("\\s+")[0].replace("{p}", "{id}").replace("{b}", "{id}"));
    }
    Map<String, String> served = PortalRoutes.served(servletContext);
    List<String> missing = new ArrayList<>();
    served.forEach(
        (path, view) -> {
          if (!inMatrix.contains(path)) {
            missing.add(
                "route "
                    + path
                    + " ("
                    + view
                    + ") has no line in RoleMatrixIT.ROUTE_MATRIX: add one with the screen each of "
                    + WHO
                    + " gets (a new screen also needs its selector in SCREENS)");
          }
        });
    assertThat(missing).as("routes the matrix does not cover").isEmpty();
    assertThat(inMatrix)
        .as("matrix lines for routes Vaadin does not serve")
        .isEqualTo(served.keySet());
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void everyRouteShowsWhatTheMatrixSays() {
    List<String> wrong = new ArrayList<>();
    try (var browser = new Chromium("roles")) {
      for (String who : WHO) {
        Page page = browser.newIsolatedPage();
        if (!who.equals("anonymous")) {
          LoginScreen.open(page, url("/login")).logIn(usernames.get(who), PASSWORD);
          ProjectsScreen.expect(page);
        }
        int column = WHO.indexOf(who);
        for (String line : ROUTE_MATRIX.strip().split("\n")) {
          String[] cell = line.strip().split("\\s+");
          String route = resolve(cell[0]);
          page.navigate(url(route));
          String actual = screen(page);
          if (actual.startsWith("unknown")) {
            browser.screenshot(page, "unknown-screen-" + who);
          }
          if (!cell[1 + column].equals(actual)) {
            wrong.add(who + " " + route + ": expected " + cell[1 + column] + ", got " + actual);
          }
          if (route.equals("/projects/" + project) && actual.equals("project")) {
            checkProjectControls(page, who, wrong);
            if (who.equals("owner") || who.equals("viewer")) {
              page.locator("#tab-members").click();
              page.locator("#members").waitFor();
              browser.screenshot(page, "project-members-as-" + who);
            }
            if (who.equals("viewer")) {
              page.locator("#tab-webhook").click();
              page.locator("#webhook-status").waitFor();
              browser.screenshot(page, "project-webhook-as-viewer");
            }
            if (who.equals("owner")) {
              page.locator("#tab-secrets").click();
              page.locator("#secret-name").waitFor();
              browser.screenshot(page, "project-secrets-as-owner");
            }
          }
          boolean inAProject =
              route.startsWith("/projects/" + project)
                  || route.startsWith("/projects/edit/")
                  || route.startsWith("/builds/");
          if (actual.equals("denied")
              && inAProject
              && !page.locator("#access-denied-reason")
                  .textContent()
                  .contains("not a member of this project")) {
            wrong.add(
                who
                    + " "
                    + route
                    + ": refused without saying why: "
                    + page.locator("#access-denied-reason").textContent());
          }
          if (actual.equals("denied")
              && who.equals("outsider")
              && route.equals("/projects/" + project)) {
            browser.screenshot(page, "project-refused-to-outsider");
          }
        }
        page.context().close();
      }
    }
    assertThat(wrong).as("routes that differ from the matrix").isEmpty();
  }

  /** The project page offers each caller only what they may do. */
  private void checkProjectControls(Page page, String who, List<String> wrong) {
    boolean changes = List.of("admin", "owner", "maintainer").contains(who);
    boolean owns = List.of("admin", "owner").contains(who);
    expectVisible(page, who, "#run-now", changes, wrong);
    expectVisible(page, who, "#delete-project", owns, wrong);
    expectVisible(page, who, "#tab-secrets", owns, wrong);
    page.locator("#tab-members").click();
    page.locator("#members").waitFor();
    expectVisible(page, who, "#add-member", owns, wrong);
    checkWebhookTab(page, who, owns, wrong);
    page.locator("#tab-schedules").click();
    page.locator("#schedules").waitFor();
    expectVisible(page, who, "#add-schedule", changes, wrong);
    page.locator("#tab-builds").click();
  }

  /** Every member sees the Webhook tab; only owners and admins may enable it. */
  private static void checkWebhookTab(Page page, String who, boolean owns, List<String> wrong) {
    page.locator("#tab-webhook").click();
    page.locator("#webhook-status").waitFor();
    expectVisible(page, who, "#webhook-deliveries", true, wrong);
    expectVisible(page, who, "#webhook-enable", owns, wrong);
  }

  private static void expectVisible(
      Page page, String who, String selector, boolean visible, List<String> wrong) {
    if (page.locator(selector).isVisible() != visible) {
      wrong.add(who + " on the project page: " + selector + (visible ? " missing" : " shown"));
    }
  }

  /**
   * Which screen the page shows, once one of the known ones has appeared; "unknown" if none does.
   */
  private static String screen(Page page) {
    String anyVisible =
        String.join(", ", SCREENS.values().stream().map(RoleMatrixIT::visible).toList());
    try {
      page.locator(anyVisible).first().waitFor();
    } catch (TimeoutError e) {
      return "unknown (" + page.url() + ")";
    }
    for (var screen : SCREENS.entrySet()) {
      if (page.locator(visible(screen.getValue())).count() > 0) {
        return screen.getKey();
      }
    }
    return "unknown (" + page.url() + ")";
  }

  private static String visible(String selectors) {
    return String.join(
        ", ", Arrays.stream(selectors.split(", ")).map(one -> one + ":visible").toList());
  }

  private String resolve(String template) {
    String path =
        template.replace("{p}", String.valueOf(project)).replace("{b}", String.valueOf(build));
    if (path.contains("{fresh-project}")) {
      path = path.replace("{fresh-project}", String.valueOf(newProject()));
    }
    if (path.contains("{user}")) {
      path = path.replace("{user}", user("rm-new-" + names.incrementAndGet(), Role.VIEWER));
    }
    if (path.contains("{member}")) {
      path = path.replace("{member}", newMember());
    }
    if (path.contains("{schedule}")) {
      path = path.replace("{schedule}", String.valueOf(newSchedule()));
    }
    if (path.contains("{secret}")) {
      path = path.replace("{secret}", String.valueOf(newSecret()));
    }
    return path;
  }

  private static String body(String method, String template) {
    if (template.endsWith("/members/{user}")) {
      return "{\"role\": \"VIEWER\"}";
    }
    if (template.endsWith("/parameters")) {
      return "{\"parameters\": [{\"name\": \"MATRIX_CHANNEL\", \"defaultValue\": \"stable\"}]}";
    }
    if (template.endsWith("/value")) {
      return "{\"value\": \"another value\"}";
    }
    if (template.endsWith("/schedules")
        || template.endsWith("/schedules/{schedule}") && method.equals("PUT")) {
      return "{\"name\": \"matrix-"
          + names.incrementAndGet()
          + "\", \"expression\": \"0 3 * * *\"}";
    }
    if (method.equals("POST") && template.endsWith("/secrets")) {
      return "{\"name\": \"MATRIX_"
          + names.incrementAndGet()
          + "\", \"description\": \"\", \"value\": \"s3cr3t-value\"}";
    }
    return null;
  }

  private long newProject() {
    long id =
        as(
            "owner",
            () ->
                projects.create(
                    new ProjectDraft(
                        "matrix-" + names.incrementAndGet(),
                        "",
                        "local",
                        Map.of("kill-grace-seconds", "1"),
                        "echo hi\necho matrix > matrix.txt\n", // an artifact to download
                        List.of("matrix.txt"),
                        Duration.ofMinutes(1))));
    as(
        "owner",
        () -> {
          members.add(id, usernames.get("maintainer"), ProjectRole.MAINTAINER);
          members.add(id, usernames.get("viewer"), ProjectRole.VIEWER);
          return null;
        });
    return id;
  }

  private String newMember() {
    String name = user("rm-member-" + names.incrementAndGet(), Role.VIEWER);
    as("owner", () -> members.add(project, name, ProjectRole.VIEWER));
    return name;
  }

  private long newSchedule() {
    return as(
        "owner",
        () ->
            schedules.create(
                project,
                new ScheduleDraft(
                    "matrix-" + names.incrementAndGet(),
                    "0 3 * * *",
                    "UTC",
                    true,
                    MisfirePolicy.SKIP,
                    OverlapPolicy.QUEUE,
                    Map.of())));
  }

  private long newSecret() {
    return as(
            "owner",
            () -> secrets.create(project, "MATRIX_" + names.incrementAndGet(), "", "s3cr3t-value"))
        .id();
  }

  private String user(String name, Role role) {
    TestUsers.create(users, name, PASSWORD, role);
    return name;
  }

  private <T> T as(String who, Supplier<T> call) {
    String role =
        switch (who) {
          case "admin" -> "ROLE_ADMIN";
          case "owner", "outsider" -> "ROLE_MAINTAINER";
          default -> "ROLE_VIEWER";
        };
    return as(usernames.get(who), List.of(role), call);
  }

  private HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(url(path)))
            .timeout(TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Accept", "application/json");
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}

package dev.kiln.builder.gha;

import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.FieldType;
import dev.kiln.plugin.api.SettingProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The builder's settings, parsed: where the API is, which workflow to dispatch, how often to poll.
 * The token is held here only to be put in the {@code Authorization} header; {@link #toString()}
 * leaves it out.
 */
record GhaSettings(
    URI apiBase,
    String repository,
    String token,
    String workflow,
    String ref,
    Duration pollInterval,
    Duration startWithin,
    Map<String, String> inputs) {

  static final String API_URL = "api-url";
  static final String REPOSITORY = "repository";
  static final String TOKEN = "token";
  static final String WORKFLOW = "workflow";
  static final String REF = "ref";
  static final String POLL_SECONDS = "poll-seconds";
  static final String START_WITHIN_SECONDS = "start-within-seconds";
  static final String REF_OVERRIDE = "ref-override";
  static final String INPUTS = "inputs";

  private static final int MAX_SECONDS = 3600;
  private static final String REPOSITORY_FORMAT = "[A-Za-z0-9](?:[A-Za-z0-9-]*)/[A-Za-z0-9._-]+";
  private static final String WORKFLOW_FORMAT = "[A-Za-z0-9._-]+\\.ya?ml|\\d+";
  // What git check-ref-format forbids that a user is likely to type: spaces and ~^:?*[\ .
  private static final String REF_FORMAT = "[^\\s~^:?*\\[\\\\]+";

  /**
   * The form's fields: the API, repository, token and workflow once per instance; inputs per
   * project.
   */
  static List<SettingField> fields() {
    return List.of(
        instance(
            API_URL,
            "API base URL",
            FieldType.TEXT,
            "https://api.github.com",
            "https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server."),
        instance(
            REPOSITORY,
            "Repository",
            FieldType.TEXT,
            null,
            "owner/name of the repository whose workflow runs the builds, for example octo-org/wheels."),
        instance(
            TOKEN,
            "Token",
            FieldType.SECRET_REF,
            null,
            "A secret holding a token with Actions read and write permission on the repository."),
        instance(
            WORKFLOW,
            "Workflow file",
            FieldType.TEXT,
            "kiln.yml",
            "The file name under .github/workflows; it needs a workflow_dispatch trigger."),
        instance(
            REF, "Git ref", FieldType.TEXT, "main", "The branch or tag whose workflow file runs."),
        instance(
                POLL_SECONDS,
                "Poll interval (s)",
                FieldType.NUMBER,
                "5",
                "How often Kiln asks GitHub about the run, in seconds.")
            .withRange(1, MAX_SECONDS),
        instance(
                START_WITHIN_SECONDS,
                "Run must start within (s)",
                FieldType.NUMBER,
                "120",
                "How long Kiln looks for the dispatched run before it gives up, in seconds.")
            .withRange(1, MAX_SECONDS),
        SettingField.optional(
            REF_OVERRIDE,
            "Git ref for this project",
            FieldType.TEXT,
            null,
            "A branch or tag to run instead of the instance's ref; empty keeps it."),
        SettingField.optional(
            INPUTS,
            "Extra workflow inputs",
            FieldType.MULTILINE,
            null,
            "One key=value per line, passed to workflow_dispatch beside kiln_build_id and kiln_run_key."));
  }

  private static SettingField instance(
      String key, String label, FieldType type, String value, String help) {
    return new SettingField(key, label, type, true, value, help, List.of()).forInstance();
  }

  /** One problem per invalid field among those given; absent fields are Kiln's to require. */
  static List<SettingProblem> problems(BuilderSettings settings) {
    List<SettingProblem> problems = new ArrayList<>();
    settings
        .get(API_URL)
        .filter(v -> apiBase(v).isEmpty())
        .ifPresent(
            v ->
                problems.add(
                    new SettingProblem(
                        API_URL,
                        "Give an http:// or https:// URL without query, for example https://api.github.com.")));
    settings
        .get(REPOSITORY)
        .filter(v -> !v.strip().matches(REPOSITORY_FORMAT))
        .ifPresent(
            v ->
                problems.add(
                    new SettingProblem(
                        REPOSITORY, "Give owner/name, for example octo-org/wheels.")));
    settings
        .get(WORKFLOW)
        .filter(v -> !v.strip().matches(WORKFLOW_FORMAT))
        .ifPresent(
            v ->
                problems.add(
                    new SettingProblem(
                        WORKFLOW,
                        "Give the workflow's file name, for example kiln.yml, or its numeric id.")));
    for (String key : List.of(REF, REF_OVERRIDE)) {
      settings
          .get(key)
          .filter(v -> !v.strip().matches(REF_FORMAT) || v.strip().startsWith("-"))
          .ifPresent(
              v ->
                  problems.add(
                      new SettingProblem(
                          key,
                          "Give a branch or tag name such as main or v1.2; it cannot hold spaces or ~^:?*[\\.")));
    }
    // Kiln checks the schema's range first; this answers for settings given some other way.
    for (String key : List.of(POLL_SECONDS, START_WITHIN_SECONDS)) {
      if (settings.get(key).isPresent() && seconds(settings, key).isEmpty()) {
        problems.add(
            new SettingProblem(
                key, "Give a whole number of seconds from 1 to " + MAX_SECONDS + "."));
      }
    }
    settings
        .get(INPUTS)
        .map(InputLines::problems)
        .filter(p -> !p.isEmpty())
        .ifPresent(p -> problems.add(new SettingProblem(INPUTS, String.join(" ", p))));
    return problems;
  }

  /**
   * Parses settings that passed {@link #problems}; the project's ref override wins over the
   * instance's ref.
   */
  static GhaSettings of(BuilderSettings settings) {
    return new GhaSettings(
        apiBase(settings.get(API_URL).orElse("https://api.github.com")).orElseThrow(),
        settings.get(REPOSITORY).orElse("").strip(),
        settings.secret(TOKEN).filter(t -> !t.isBlank()).map(String::strip).orElse(""),
        settings.get(WORKFLOW).orElse("kiln.yml").strip(),
        settings.get(REF_OVERRIDE).or(() -> settings.get(REF)).orElse("main").strip(),
        seconds(settings, POLL_SECONDS).orElse(Duration.ofSeconds(5)),
        seconds(settings, START_WITHIN_SECONDS).orElse(Duration.ofSeconds(120)),
        InputLines.parse(settings.get(INPUTS).orElse("")));
  }

  /** The path of the workflow under the API, {@code /repos/o/r/actions/workflows/w}. */
  String workflowPath() {
    return repoPath() + "/actions/workflows/" + workflow;
  }

  /** The path of the repository under the API, {@code /repos/o/r}. */
  String repoPath() {
    return "/repos/" + repository;
  }

  /** The settings without the token. */
  @Override
  public String toString() {
    return "GhaSettings[" + apiBase + ", " + repository + ", " + workflow + "@" + ref + "]";
  }

  private static Optional<URI> apiBase(String value) {
    try {
      URI uri = new URI(value.strip().replaceAll("/+$", ""));
      boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
      return web
              && uri.getHost() != null
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null
          ? Optional.of(uri)
          : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** A setting's seconds, when it gives a whole number from 1 to {@link #MAX_SECONDS}. */
  private static Optional<Duration> seconds(BuilderSettings settings, String key) {
    try {
      return settings
          .getDuration(key, ChronoUnit.SECONDS)
          .filter(d -> d.getSeconds() >= 1 && d.getSeconds() <= MAX_SECONDS);
    } catch (IllegalArgumentException notANumber) {
      return Optional.empty();
    }
  }
}

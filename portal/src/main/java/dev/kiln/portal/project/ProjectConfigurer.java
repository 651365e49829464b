package dev.kiln.portal.project;

import dev.kiln.plugin.api.SettingField.Scope;
import dev.kiln.portal.base.ConstraintNames;
import dev.kiln.portal.base.TextRules;
import dev.kiln.portal.instance.BuilderInstances;
import dev.kiln.portal.instance.BuilderInstances.Choice;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.plugin.SettingsCodec;
import dev.kiln.portal.plugin.SettingsValidator;
import dev.kiln.portal.project.domain.Project;
import dev.kiln.portal.project.domain.ProjectRepository;
import dev.kiln.portal.project.domain.SourceColumns;
import dev.kiln.portal.secret.SecretService;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Checks a project's configuration as a user drafted it and writes it to the project: every field
 * at fault is named, and nothing is saved then. Runs in {@link ProjectService}'s transaction and
 * under its checks.
 */
@Component
class ProjectConfigurer {

  static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  private final ProjectRepository projects;
  private final PluginHost plugins;
  private final SettingsCodec codec;
  private final BuilderInstances instances;
  private final SourceDraftCheck sources;
  private final Clock clock;

  ProjectConfigurer(
      ProjectRepository projects,
      PluginHost plugins,
      SettingsCodec codec,
      BuilderInstances instances,
      SourceDraftCheck sources,
      Clock clock) {
    this.sources = sources;
    this.projects = projects;
    this.plugins = plugins;
    this.codec = codec;
    this.instances = instances;
    this.clock = clock;
  }

  /**
   * @return the project's id
   * @throws InvalidProjectException when something is wrong; nothing is saved then
   */
  long save(Project project, ProjectDraft draft) {
    Map<String, String> problems = new LinkedHashMap<>();
    String name = draft.name() == null ? "" : draft.name().strip();
    String nameProblem =
        name.isEmpty()
            ? "Give the project a name."
            : TextRules.nameProblem(name, Project.NAME_LENGTH);
    if (nameProblem != null) {
      problems.put(InvalidProjectException.NAME, nameProblem);
    } else if (projects
        .findByName(name)
        .filter(other -> !other.getId().equals(project.getId()))
        .isPresent()) {
      problems.put(InvalidProjectException.NAME, nameTaken(name));
    }
    String description = draft.description() == null ? "" : draft.description().strip();
    putIfProblem(
        problems,
        InvalidProjectException.DESCRIPTION,
        TextRules.problem(description, Project.DESCRIPTION_LENGTH));
    Map<String, String> settings = Map.of();
    Choice instance = instances.choose(draft.instanceId(), draft.builderId());
    BuilderEntry builder =
        instance.problem() != null ? null : plugins.builder(instance.builderId()).orElse(null);
    if (instance.problem() != null) {
      problems.put(InvalidProjectException.BUILDER, instance.problem());
    } else if (builder == null) {
      problems.put(
          InvalidProjectException.BUILDER,
          "The builder '" + instance.builderId() + "' is not installed.");
    } else if (!builder.isAvailable()) {
      problems.put(InvalidProjectException.BUILDER, builder.unavailableReason());
    } else {
      problems.putAll(
          SettingsValidator.problems(
              builder, Scope.PROJECT, draft.settings(), instance.settings()));
      settings = SettingsValidator.clean(builder, Scope.PROJECT, draft.settings());
    }
    if (draft.script() == null || draft.script().isBlank()) {
      problems.put(InvalidProjectException.SCRIPT, "Write the script that builds the project.");
    }
    putIfProblem(
        problems, InvalidProjectException.SCRIPT, TextRules.characterProblem(draft.script()));
    List<String> patterns =
        draft.artifactPatterns().stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    putIfProblem(
        problems,
        InvalidProjectException.PATTERNS,
        TextRules.characterProblem(String.join("\n", patterns)));
    ArtifactPatterns.problem(patterns)
        .ifPresent(problem -> problems.put(InvalidProjectException.PATTERNS, problem));
    if (draft.timeout() == null
        || draft.timeout().toSeconds() < 1
        || draft.timeout().compareTo(MAX_TIMEOUT) > 0) {
      problems.put(InvalidProjectException.TIMEOUT, "Give a timeout of at most 24 hours.");
    }
    List<String> secretNames =
        draft.secretNames().stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .distinct()
            .toList();
    secretNames.stream()
        .filter(s -> !SecretService.NAME.matcher(s).matches())
        .findFirst()
        .ifPresent(
            bad ->
                problems.put(
                    InvalidProjectException.SECRETS,
                    "'"
                        + bad
                        + "' is not a secret name: use"
                        + " upper-case letters, digits and _, not starting with a digit."));
    secretNames.stream()
        .map(SecretService::reservedNameProblem)
        .flatMap(Optional::stream)
        .findFirst()
        .ifPresent(problem -> problems.putIfAbsent(InvalidProjectException.SECRETS, problem));
    instanceSecretProblem(secretNames, settings.values())
        .ifPresent(problem -> problems.putIfAbsent(InvalidProjectException.SECRETS, problem));
    problems.putAll(ParameterDeclarations.problems(draft.parameters(), secretNames));
    if (draft.priority() < -10 || draft.priority() > 10) {
      problems.put(
          InvalidProjectException.PRIORITY, "Give a priority from -10 to 10 (0 is normal).");
    }
    if (draft.retries() < 0 || draft.retries() > 5) {
      problems.put(InvalidProjectException.RETRIES, "Give from 0 to 5 retries.");
    }
    SourceColumns source = sources.check(draft.source(), secretNames, problems);
    if (!problems.isEmpty()) {
      throw new InvalidProjectException(problems);
    }
    project.source(source);
    project.configure(
        name,
        description,
        builder.id(),
        instance.id(),
        codec.write(settings),
        draft.script(),
        patterns,
        draft.timeout(),
        secretNames,
        clock.instant());
    project.queueing(draft.priority(), draft.retries());
    project.declare(
        ParameterDeclarations.write(ParameterDeclarations.normalized(draft.parameters())),
        clock.instant());
    try {
      return projects.saveAndFlush(project).getId();
    } catch (DataIntegrityViolationException e) {
      // A change by someone else in the meantime that the checks above could not see; anything else
      // goes on as an unexpected error, rather than as a guess.
      throw switch (ConstraintNames.of(e).orElse("")) {
        case "projects_name_key" ->
            new InvalidProjectException(Map.of(InvalidProjectException.NAME, nameTaken(name)));
        case "projects_builder_instance_id_fkey" ->
            new InvalidProjectException(
                Map.of(
                    InvalidProjectException.BUILDER,
                    "This builder instance was deleted in the meantime: choose another."));
        default -> e;
      };
    }
  }

  private static String nameTaken(String name) {
    return "A project named '" + name + "' already exists.";
  }

  private static void putIfProblem(Map<String, String> problems, String field, String problem) {
    if (problem != null) {
      problems.putIfAbsent(field, problem);
    }
  }

  /**
   * A secret that a builder instance names (its SSH key, its token) is the builder's alone: a
   * project that lists it, or names it in a setting, could hand it to its script.
   */
  Optional<String> instanceSecretProblem(
      List<String> secretNames, Collection<String> settingValues) {
    Map<String, String> reserved = instances.instanceSecrets();
    return Stream.concat(secretNames.stream(), settingValues.stream())
        .filter(reserved::containsKey)
        .findFirst()
        .map(
            name ->
                "Secret "
                    + name
                    + " belongs to the builder instance '"
                    + reserved.get(name)
                    + "'; projects cannot use it. Ask an admin for a secret of its own.");
  }
}

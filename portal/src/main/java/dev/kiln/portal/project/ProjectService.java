package dev.kiln.portal.project;

import dev.kiln.plugin.api.SettingField.Scope;
import dev.kiln.portal.access.ProjectAccess;
import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.base.ConstraintNames;
import dev.kiln.portal.base.TextRules;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildSpec;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.build.TriggerKind;
import dev.kiln.portal.instance.BuilderInstances;
import dev.kiln.portal.instance.BuilderInstances.Choice;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.plugin.SettingsCodec;
import dev.kiln.portal.plugin.SettingsValidator;
import dev.kiln.portal.project.domain.Project;
import dev.kiln.portal.project.domain.ProjectRepository;
import dev.kiln.portal.secret.SecretService;
import dev.kiln.portal.user.Usernames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PostAuthorize;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Projects: create, edit, list, and run. */
@Service
@Transactional
public class ProjectService {

  /**
   * Who may create projects: admins and maintainers; the creator becomes the project's owner. What
   * a user may do in a project after that is their role in it ({@link ProjectAccess}).
   */
  public static final String CREATE = "hasAnyRole('ADMIN', 'MAINTAINER')";

  static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  private final ProjectRepository projects;
  private final PluginHost plugins;
  private final SettingsCodec codec;
  private final BuildService builds;
  private final ProjectMembers members;
  private final ProjectAccess access;
  private final Clock clock;
  private final AuditLog audit;
  private final BuilderInstances instances;
  private final TriggerParameters triggerParameters;

  ProjectService(
      ProjectRepository projects,
      PluginHost plugins,
      SettingsCodec codec,
      BuildService builds,
      ProjectMembers members,
      ProjectAccess access,
      Clock clock,
      AuditLog audit,
      BuilderInstances instances,
      TriggerParameters triggerParameters) {
    this.instances = instances;
    this.triggerParameters = triggerParameters;
    this.projects = projects;
    this.members = members;
    this.access = access;
    this.plugins = plugins;
    this.codec = codec;
    this.builds = builds;
    this.clock = clock;
    this.audit = audit;
  }

  /** The projects the current user may see (all for admins) whose name contains {@code filter}. */
  @Transactional(readOnly = true)
  public List<ProjectInfo> list(String filter, Pageable page) {
    return projects
        .findVisible(clean(filter), access.isAdmin(), Usernames.key(currentUser()), page)
        .stream()
        .map(this::info)
        .toList();
  }

  @Transactional(readOnly = true)
  public long count(String filter) {
    return projects.countVisible(clean(filter), access.isAdmin(), Usernames.key(currentUser()));
  }

  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayView(#id)")
  @PostAuthorize(
      "returnObject.isEmpty() or @projectAccess.may(#id, T(dev.kiln.portal.access.ProjectRole).VIEWER)")
  public Optional<ProjectInfo> find(long id) {
    return projects.findById(id).map(this::info);
  }

  /** The project's configuration, for editing. */
  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayChange(#id)")
  public ProjectDraft draft(long id) {
    Project p =
        projects.findById(id).orElseThrow(() -> new NoSuchElementException("No project " + id));
    return new ProjectDraft(
        p.getName(),
        p.getDescription(),
        p.getBuilderId(),
        codec.read(p.getSettingsJson()),
        p.getScript(),
        p.getArtifactPatterns(),
        p.getTimeout(),
        p.getSecretNames(),
        p.getBuilderInstanceId(),
        p.getPriority(),
        p.getRetries(),
        ParameterDeclarations.read(p.getParametersJson()));
  }

  /**
   * Replaces the parameters a project declares; what else it has stays.
   *
   * @throws InvalidProjectException naming the declarations at fault ({@code parameters[i].field});
   *     nothing is saved then
   */
  @PreAuthorize("@projectAccess.mayChange(#id)")
  public void declareParameters(long id, List<ParameterDeclaration> declarations) {
    Project project =
        projects
            .findForUpdate(id)
            .orElseThrow(() -> new NoSuchElementException("No project " + id));
    Map<String, String> problems =
        ParameterDeclarations.problems(declarations, project.getSecretNames());
    if (!problems.isEmpty()) {
      throw new InvalidProjectException(problems);
    }
    project.declare(
        ParameterDeclarations.write(ParameterDeclarations.normalized(declarations)),
        clock.instant());
    projects.saveAndFlush(project);
    audited(AuditAction.PROJECT_UPDATED, project);
  }

  /**
   * Creates a project.
   *
   * @throws InvalidProjectException when something is wrong; nothing is saved then
   */
  @PreAuthorize(CREATE)
  public long create(ProjectDraft draft) {
    Project project = new Project(clock.instant());
    long id = save(project, draft);
    members.addCreator(id);
    audited(AuditAction.PROJECT_CREATED, project);
    return id;
  }

  /**
   * Replaces a project's configuration; builds already queued keep the one they were queued with.
   *
   * @param changedAt when the configuration the user edited was last changed ({@link
   *     ProjectInfo#updatedAt()}); if it changed since, nothing is saved, so no edit is lost
   */
  @PreAuthorize("@projectAccess.mayChange(#id)")
  public void update(long id, Instant changedAt, ProjectDraft draft) {
    Project project =
        projects
            .findForUpdate(id)
            .orElseThrow(() -> new NoSuchElementException("No project " + id));
    if (!project.getUpdatedAt().equals(changedAt)) {
      throw new InvalidProjectException(
          Map.of(
              InvalidProjectException.CONFLICT,
              "Someone else changed this project since you opened it. Reload the page to see their changes."));
    }
    save(project, draft);
    audited(AuditAction.PROJECT_UPDATED, project);
  }

  /**
   * Queues a build of the project as configured now, for someone who may change the project.
   *
   * @return the build's id
   * @throws IllegalStateException when its builder cannot run builds; the message says why
   */
  @PreAuthorize("@projectAccess.mayChange(#projectId)")
  public long runNow(long projectId, Trigger trigger) {
    return trigger(projectId, trigger);
  }

  /**
   * Queues a build someone asked for, with {@code triggeredBy} in words (for example {@code
   * "manual: ann"}).
   */
  @PreAuthorize("@projectAccess.mayChange(#projectId)")
  public long runNow(long projectId, String triggeredBy) {
    return trigger(projectId, new Trigger(TriggerKind.MANUAL, triggeredBy, Map.of(), null));
  }

  /**
   * Queues a build for a trigger that proves itself without a user: a schedule firing, a webhook
   * delivery whose signature was checked. Callers answer for that check; views never call this.
   *
   * @return the build's id
   * @throws IllegalStateException when its builder cannot run builds; the message says why
   * @throws NoSuchElementException when the project is gone
   * @throws InvalidParametersException when it gives a parameter the project does not declare, or a
   *     value a declaration does not allow (audited)
   */
  // Both refusals come before anything is written, so they leave a caller's transaction usable: a
  // schedule records "Not run: …" for its fire time in the same transaction.
  @Transactional(
      noRollbackFor = {
        IllegalStateException.class,
        NoSuchElementException.class,
        InvalidParametersException.class
      })
  public long trigger(long projectId, Trigger given) {
    Project p =
        projects
            .findForUpdate(projectId)
            .orElseThrow(() -> new NoSuchElementException("No project " + projectId));
    Trigger trigger = triggerParameters.resolve(p, given);
    Choice instance = instances.choose(p.getBuilderInstanceId(), p.getBuilderId());
    if (instance.problem() != null) {
      throw new IllegalStateException(instance.problem());
    }
    BuilderEntry builder =
        plugins
            .builder(instance.builderId())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "The builder '" + instance.builderId() + "' is not installed."));
    if (!builder.isAvailable()) {
      throw new IllegalStateException(builder.unavailableReason());
    }
    Map<String, String> projectSettings =
        SettingsValidator.clean(builder, Scope.PROJECT, codec.read(p.getSettingsJson()));
    instanceSecretProblem(p.getSecretNames(), projectSettings.values())
        .ifPresent(
            problem -> {
              throw new IllegalStateException(problem);
            });
    // The build runs with the instance's settings as they are now, and the project's own fields on
    // top.
    Map<String, String> settings = new HashMap<>(instance.settings());
    settings.putAll(projectSettings);
    return builds.queue(
        new BuildSpec(
            p.getId(),
            p.takeBuildNumber(),
            p.getName(),
            instance.builderId(),
            instance.id(),
            instance.name(),
            codec.write(settings),
            p.getScript(),
            p.getArtifactPatterns(),
            p.getTimeout(),
            p.getSecretNames(),
            trigger,
            p.getPriority()));
  }

  /**
   * Deletes the project with its builds, logs, artifacts, members and secrets.
   *
   * @throws IllegalStateException when some build of it is queued or running; nothing is deleted
   *     then
   */
  @PreAuthorize("@projectAccess.mayOwn(#id)")
  public void delete(long id) {
    Project project =
        projects
            .findForUpdate(id)
            .orElseThrow(() -> new NoSuchElementException("No project " + id));
    builds.discardAllOf(id);
    audited(AuditAction.PROJECT_DELETED, project);
    projects.delete(project);
    projects.flush();
  }

  private long save(Project project, ProjectDraft draft) {
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
    if (!problems.isEmpty()) {
      throw new InvalidProjectException(problems);
    }
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
  private Optional<String> instanceSecretProblem(
      List<String> secretNames, java.util.Collection<String> settingValues) {
    Map<String, String> reserved = instances.instanceSecrets();
    return java.util.stream.Stream.concat(secretNames.stream(), settingValues.stream())
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

  private static String clean(String filter) {
    return filter == null ? "" : filter.strip();
  }

  private static String currentUser() {
    var auth = SecurityContextHolder.getContext().getAuthentication();
    return auth == null ? "" : auth.getName();
  }

  /**
   * The secret names are recorded because adding one to a project hands its value to the project's
   * builds; the parameter names because each is a variable a trigger may now set.
   */
  private void audited(AuditAction action, Project p) {
    var parameters =
        ParameterDeclarations.read(p.getParametersJson()).stream()
            .map(ParameterDeclaration::name)
            .toList();
    audit.record(
        AuditEvent.of(action, "project", p.getId(), p.getName())
            .inProject(p.getId())
            .detail(
                "builder "
                    + p.getBuilderId()
                    + "; secrets: "
                    + (p.getSecretNames().isEmpty()
                        ? "none"
                        : String.join(", ", p.getSecretNames()))
                    + (parameters.isEmpty()
                        ? ""
                        : "; parameters: " + String.join(", ", parameters))));
  }

  private ProjectInfo info(Project p) {
    return new ProjectInfo(
        p.getId(),
        p.getName(),
        p.getDescription(),
        p.getBuilderId(),
        p.getBuilderInstanceId(),
        p.getScript(),
        p.getArtifactPatterns(),
        p.getTimeout(),
        p.getSecretNames(),
        p.getUpdatedAt(),
        p.getPriority(),
        p.getRetries(),
        ParameterDeclarations.read(p.getParametersJson()));
  }
}

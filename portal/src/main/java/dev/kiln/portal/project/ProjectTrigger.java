package dev.kiln.portal.project;

import dev.kiln.plugin.api.SettingField.Scope;
import dev.kiln.portal.build.BuildNumbers;
import dev.kiln.portal.build.BuildSource;
import dev.kiln.portal.build.BuildSpec;
import dev.kiln.portal.build.Revision;
import dev.kiln.portal.build.SystemBuilds;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.instance.BuilderInstances;
import dev.kiln.portal.instance.BuilderInstances.Choice;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.plugin.SettingsCodec;
import dev.kiln.portal.plugin.SettingsValidator;
import dev.kiln.portal.project.domain.Project;
import dev.kiln.portal.project.domain.ProjectRepository;
import dev.kiln.portal.project.domain.SourceColumns;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.stereotype.Component;

/**
 * Queues a build of a project as configured now, whoever asked: the one way a build is queued. Runs
 * in its caller's transaction and under its caller's check: {@link ProjectService#runNow} for
 * users, {@link SystemTriggers} for schedules and webhooks.
 */
@Component
class ProjectTrigger {

  /** The key under which a refused branch, tag or commit is reported. */
  static final String REF = InvalidParametersException.REF;

  private final ProjectRepository projects;
  private final PluginHost plugins;
  private final SettingsCodec codec;
  private final BuilderInstances instances;
  private final TriggerParameters triggerParameters;
  private final ProjectConfigurer configurer;
  private final BuildNumbers numbers;
  private final SystemBuilds builds;

  ProjectTrigger(
      ProjectRepository projects,
      PluginHost plugins,
      SettingsCodec codec,
      BuilderInstances instances,
      TriggerParameters triggerParameters,
      ProjectConfigurer configurer,
      BuildNumbers numbers,
      SystemBuilds builds) {
    this.projects = projects;
    this.plugins = plugins;
    this.codec = codec;
    this.instances = instances;
    this.triggerParameters = triggerParameters;
    this.configurer = configurer;
    this.numbers = numbers;
    this.builds = builds;
  }

  /**
   * @return the build's id
   * @throws IllegalStateException when its builder cannot run builds; the message says why
   * @throws NoSuchElementException when the project is gone
   * @throws InvalidParametersException when it gives a parameter the project does not declare, or a
   *     value a declaration does not allow (audited)
   */
  long trigger(long projectId, Trigger given) {
    Project p =
        projects
            .findForUpdate(projectId)
            .orElseThrow(() -> new NoSuchElementException("No project " + projectId));
    Trigger trigger = triggerParameters.resolve(p, given);
    trigger = trigger.withRevision(revision(p, trigger.revision()));
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
    configurer
        .instanceSecretProblem(p.getSecretNames(), projectSettings.values())
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
            numbers.take(p.getId()).orElseThrow(),
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
            p.getPriority(),
            source(p)));
  }

  /**
   * What the build builds: the trigger's choice, checked, or the project's default branch.
   *
   * @throws InvalidParametersException under {@code ref} when the choice is not a ref or commit
   *     name, or the project has no repository to choose from
   */
  private static Revision revision(Project p, Revision chosen) {
    String asked = chosen.requested();
    if (p.getSource().getRepositoryUrl() == null) {
      if (asked != null || chosen.resolved()) {
        throw new InvalidParametersException(
            Map.of(
                REF,
                "Project "
                    + p.getName()
                    + " has no repository, so it builds no branch, tag or commit: leave the ref"
                    + " empty, or give the project a repository."));
      }
      return Revision.DEFAULT;
    }
    if (asked != null) {
      RefNames.problem(asked)
          .ifPresent(
              problem -> {
                throw new InvalidParametersException(Map.of(REF, problem));
              });
    }
    if (chosen.resolved() && !chosen.commit().matches("[0-9a-f]{40}")) {
      throw new InvalidParametersException(
          Map.of(REF, "'" + chosen.commit() + "' is not a full commit SHA (40 hex digits)."));
    }
    return asked == null && !chosen.resolved()
        ? Revision.requested(p.getSource().getDefaultBranch())
        : chosen;
  }

  /** The project's repository as its builds check it out; none when it has no repository. */
  private static BuildSource source(Project p) {
    SourceColumns s = p.getSource();
    return s.getRepositoryUrl() == null
        ? BuildSource.NONE
        : new BuildSource(s.getRepositoryUrl(), s.getCredentialSecret(), s.isSubmodules());
  }
}

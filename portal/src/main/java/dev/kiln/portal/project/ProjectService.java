package dev.kiln.portal.project;

import dev.kiln.portal.access.ProjectAccess;
import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.build.TriggerKind;
import dev.kiln.portal.plugin.SettingsCodec;
import dev.kiln.portal.project.domain.Project;
import dev.kiln.portal.project.domain.ProjectRepository;
import dev.kiln.portal.user.Usernames;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PostAuthorize;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Projects for users: list, read, create, edit, delete and run now, each method checked against the
 * user's role in the project. Schedules and webhooks queue builds through {@link SystemTriggers}.
 */
@Service
@Transactional
public class ProjectService {

  /**
   * Who may create projects: admins and maintainers; the creator becomes the project's owner. What
   * a user may do in a project after that is their role in it ({@link ProjectAccess}).
   */
  public static final String CREATE = "hasAnyRole('ADMIN', 'MAINTAINER')";

  private final ProjectRepository projects;
  private final ProjectConfigurer configurer;
  private final ProjectTrigger trigger;
  private final SettingsCodec codec;
  private final BuildService builds;
  private final ProjectMembers members;
  private final ProjectAccess access;
  private final Clock clock;
  private final AuditLog audit;

  ProjectService(
      ProjectRepository projects,
      ProjectConfigurer configurer,
      ProjectTrigger trigger,
      SettingsCodec codec,
      BuildService builds,
      ProjectMembers members,
      ProjectAccess access,
      Clock clock,
      AuditLog audit) {
    this.projects = projects;
    this.configurer = configurer;
    this.trigger = trigger;
    this.codec = codec;
    this.builds = builds;
    this.members = members;
    this.access = access;
    this.clock = clock;
    this.audit = audit;
  }

  /** The projects the current user may see (all for admins) whose name contains {@code filter}. */
  @Transactional(readOnly = true)
  public List<ProjectInfo> list(String filter, Pageable page) {
    return projects
        .findVisible(clean(filter), access.isAdmin(), Usernames.key(currentUser()), page)
        .stream()
        .map(ProjectInfo::of)
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
    return projects.findById(id).map(ProjectInfo::of);
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
        ParameterDeclarations.read(p.getParametersJson()),
        ProjectInfo.source(p.getSource()));
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
    long id = configurer.save(project, draft);
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
    configurer.save(project, draft);
    audited(AuditAction.PROJECT_UPDATED, project);
  }

  /**
   * Queues a build of the project as configured now, for someone who may change the project.
   *
   * @return the build's id
   * @throws IllegalStateException when its builder cannot run builds; the message says why
   */
  @PreAuthorize("@projectAccess.mayChange(#projectId)")
  public long runNow(long projectId, Trigger given) {
    return trigger.trigger(projectId, given);
  }

  /**
   * Queues a build someone asked for, with {@code triggeredBy} in words (for example {@code
   * "manual: ann"}).
   */
  @PreAuthorize("@projectAccess.mayChange(#projectId)")
  public long runNow(long projectId, String triggeredBy) {
    return trigger.trigger(projectId, new Trigger(TriggerKind.MANUAL, triggeredBy, Map.of(), null));
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

  private static String clean(String filter) {
    return filter == null ? "" : filter.strip();
  }

  private static String currentUser() {
    var auth = SecurityContextHolder.getContext().getAuthentication();
    return auth == null ? "" : auth.getName();
  }

  private void audited(AuditAction action, Project p) {
    audit.record(ProjectAudits.event(action, p));
  }
}

package dev.kiln.portal.project;

import dev.kiln.portal.access.ProjectAccessChanged;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.base.ConstraintNames;
import dev.kiln.portal.project.domain.ProjectMember;
import dev.kiln.portal.project.domain.ProjectMemberRepository;
import dev.kiln.portal.project.domain.ProjectRepository;
import dev.kiln.portal.user.UserService;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who belongs to a project and in which role. Members may see the list; owners and admins change
 * it. A project always keeps at least one owner.
 */
@Service
@Transactional
public class ProjectMembers {

  private final ProjectMemberRepository members;
  private final ProjectRepository projects;
  private final UserService users;
  private final Clock clock;
  private final AuditLog audit;
  private final ApplicationEventPublisher events;

  ProjectMembers(
      ProjectMemberRepository members,
      ProjectRepository projects,
      UserService users,
      Clock clock,
      AuditLog audit,
      ApplicationEventPublisher events) {
    this.members = members;
    this.events = events;
    this.audit = audit;
    this.projects = projects;
    this.users = users;
    this.clock = clock;
  }

  /** The project's members, owners first, then by name. */
  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayView(#projectId)")
  public List<MemberInfo> list(long projectId) {
    List<ProjectMember> found = members.findByProjectId(projectId);
    Map<Long, String> names =
        users.usernames(found.stream().map(ProjectMember::getUserId).toList());
    return found.stream()
        .filter(m -> names.containsKey(m.getUserId()))
        .map(
            m ->
                new MemberInfo(
                    names.get(m.getUserId()), m.getRole(), m.getAddedAt(), m.getAddedBy()))
        .sorted(
            Comparator.comparing(MemberInfo::role).thenComparing(m -> m.username().toLowerCase()))
        .toList();
  }

  /**
   * Adds a user to the project.
   *
   * @throws InvalidMemberException when there is no such user or they are a member already
   */
  @PreAuthorize("@projectAccess.mayOwn(#projectId)")
  public MemberInfo add(long projectId, String username, ProjectRole role) {
    if (role == null) {
      throw new InvalidMemberException("Choose a role.");
    }
    requireProject(projectId);
    long userId = userId(username);
    members
        .findByProjectIdAndUserId(projectId, userId)
        .ifPresent(
            m -> {
              throw new InvalidMemberException(
                  username.strip()
                      + " is already a member, as "
                      + m.getRole().label().toLowerCase()
                      + ". Change their role instead.");
            });
    ProjectMember member;
    try {
      member =
          members.saveAndFlush(
              new ProjectMember(projectId, userId, role, clock.instant(), currentUser()));
    } catch (DataIntegrityViolationException e) { // a change by someone else in the meantime
      throw switch (ConstraintNames.of(e).orElse("")) {
        case "project_members_pkey" ->
            new InvalidMemberException(
                username.strip()
                    + " was made a member in the"
                    + " meantime. Reload to see their role.");
        case "project_members_project_id_fkey" ->
            new NoSuchElementException("Project " + projectId + " does not exist.");
        default -> e; // unforeseen: an error with a correlation id rather than a guess
      };
    }
    audited(
        AuditAction.MEMBER_ADDED, projectId, userId, username.strip(), role.label().toLowerCase());
    return new MemberInfo(
        users.usernames(List.of(userId)).get(userId),
        member.getRole(),
        member.getAddedAt(),
        member.getAddedBy());
  }

  /** Gives a member another role; the last owner cannot step down. */
  @PreAuthorize("@projectAccess.mayOwn(#projectId)")
  public void changeRole(long projectId, String username, ProjectRole role) {
    if (role == null) {
      throw new InvalidMemberException("Choose a role.");
    }
    ProjectMember member = member(projectId, username);
    if (member.getRole() == ProjectRole.OWNER && role != ProjectRole.OWNER) {
      requireAnotherOwner(projectId, "make them " + role.label().toLowerCase());
    }
    audited(
        AuditAction.MEMBER_ROLE_CHANGED,
        projectId,
        member.getUserId(),
        username.strip(),
        member.getRole().label().toLowerCase() + " → " + role.label().toLowerCase());
    member.setRole(role);
    events.publishEvent(new ProjectAccessChanged(projectId)); // open pages check again
  }

  /** Removes a member; the last owner cannot be removed. */
  @PreAuthorize("@projectAccess.mayOwn(#projectId)")
  public void remove(long projectId, String username) {
    ProjectMember member = member(projectId, username);
    if (member.getRole() == ProjectRole.OWNER) {
      requireAnotherOwner(projectId, "remove them");
    }
    members.delete(member);
    audited(
        AuditAction.MEMBER_REMOVED,
        projectId,
        member.getUserId(),
        username.strip(),
        "was " + member.getRole().label().toLowerCase());
    events.publishEvent(new ProjectAccessChanged(projectId)); // open pages check again
  }

  private void audited(
      AuditAction action, long projectId, long userId, String username, String detail) {
    audit.record(
        AuditEvent.of(action, "user", userId, username).inProject(projectId).detail(detail));
  }

  /** Makes the current user the owner of a project they just created. */
  void addCreator(long projectId) {
    String creator = currentUser();
    users
        .idOf(creator)
        .ifPresent(
            id ->
                members.save(
                    new ProjectMember(projectId, id, ProjectRole.OWNER, clock.instant(), creator)));
  }

  private void requireAnotherOwner(long projectId, String what) {
    if (members.lockByRole(projectId, ProjectRole.OWNER).size() < 2) {
      throw new InvalidMemberException(
          "A project keeps at least one owner: make someone else owner before you " + what + ".");
    }
  }

  private ProjectMember member(long projectId, String username) {
    return members
        .findByProjectIdAndUserId(projectId, userId(username))
        .orElseThrow(
            () ->
                new InvalidMemberException(username.strip() + " is not a member of this project."));
  }

  private long userId(String username) {
    return users
        .idOf(username)
        .orElseThrow(
            () ->
                new InvalidMemberException(
                    "There is no user named '"
                        + (username == null ? "" : username.strip())
                        + "'. They appear here once they have logged in or an admin created them."));
  }

  private void requireProject(long projectId) {
    if (!projects.existsById(projectId)) {
      throw new NoSuchElementException("No project " + projectId);
    }
  }

  private static String currentUser() {
    var auth = SecurityContextHolder.getContext().getAuthentication();
    return auth == null ? "system" : auth.getName();
  }
}

package dev.kiln.portal.access;

import dev.kiln.portal.user.Usernames;
import java.util.Collection;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Decides what the current user may do in a project: admins everything, members what their project
 * role allows, everybody else nothing. Services ask it in {@code @PreAuthorize}, e.g.
 * {@code @projectAccess.mayView(#projectId)}, and views ask it to hide what a user may not do.
 *
 * <p>It only decides: the project feature tells it who is a member ({@link Memberships}) and the
 * build feature which project a build belongs to ({@link BuildOwners}), each from its own tables,
 * so every feature can ask it without depending on another feature's entities.
 */
@Component("projectAccess")
public class ProjectAccess {

  private final Memberships memberships;
  private final BuildOwners builds;

  ProjectAccess(Memberships memberships, BuildOwners builds) {
    this.memberships = memberships;
    this.builds = builds;
  }

  /** The current user's role in the project; empty for non-members (admins included). */
  public Optional<ProjectRole> role(long projectId) {
    Authentication user = current();
    if (user == null) {
      return Optional.empty();
    }
    return memberships.role(projectId, Usernames.key(user.getName()));
  }

  /** Whether the current user is an admin, who may do everything in every project. */
  public boolean isAdmin() {
    Authentication user = current();
    return user != null
        && user.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
  }

  /**
   * Whether the current user may do what {@code needed} may do in the project (which must exist).
   */
  public boolean may(long projectId, ProjectRole needed) {
    return isAdmin() || role(projectId).filter(r -> r.includes(needed)).isPresent();
  }

  /**
   * May see the project, its builds, logs and artifacts. Anyone may learn that a project does not
   * exist: reading one answers "not found" rather than "not allowed". Services that return a
   * project check again after reading ({@code @PostAuthorize}), so one created in between is not
   * shown. Changes get no such allowance: only admins hear "not found" for those.
   */
  public boolean mayView(long projectId) {
    return may(projectId, ProjectRole.VIEWER) || !memberships.projectExists(projectId);
  }

  /** {@link #mayView} for each of these projects, in one question. */
  public boolean mayViewAll(Collection<Long> projectIds) {
    if (isAdmin()) {
      return true;
    }
    Authentication user = current();
    return user == null
        ? projectIds.stream().noneMatch(memberships::projectExists)
        : memberships.memberOfAll(projectIds, Usernames.key(user.getName()));
  }

  /** May edit and run the project and cancel its builds. */
  public boolean mayChange(long projectId) {
    return may(projectId, ProjectRole.MAINTAINER);
  }

  /** May manage the project's members and secrets, and delete it. */
  public boolean mayOwn(long projectId) {
    return may(projectId, ProjectRole.OWNER);
  }

  /**
   * May see the build: it belongs to a project the user may see (or it does not exist, as for
   * projects).
   */
  public boolean mayViewBuild(long buildId) {
    return builds.projectOf(buildId).map(this::mayView).orElse(true);
  }

  /** May cancel the build. */
  public boolean mayChangeBuild(long buildId) {
    return builds.projectOf(buildId).map(this::mayChange).orElse(isAdmin());
  }

  /** May do what only owners do with the build: approve giving secrets to a fork's commit. */
  public boolean mayOwnBuild(long buildId) {
    return builds.projectOf(buildId).map(this::mayOwn).orElse(isAdmin());
  }

  /**
   * Refuses unless the current user may do what {@code needed} may do in the project.
   *
   * @throws AccessDeniedException saying what is missing
   */
  public void require(long projectId, ProjectRole needed) {
    if (!may(projectId, needed)) {
      throw new AccessDeniedException(
          needed == ProjectRole.VIEWER
              ? "You are not a member of this project. Ask one of its owners or an admin to add you."
              : "This needs the "
                  + needed.label().toLowerCase()
                  + " role in this project, or an admin.");
    }
  }

  private static Authentication current() {
    Authentication user = SecurityContextHolder.getContext().getAuthentication();
    return user == null || !user.isAuthenticated() || "anonymousUser".equals(user.getPrincipal())
        ? null
        : user;
  }
}

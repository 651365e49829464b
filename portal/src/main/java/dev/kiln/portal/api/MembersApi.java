package dev.kiln.portal.api;

import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.project.MemberInfo;
import dev.kiln.portal.project.ProjectMembers;
import dev.kiln.portal.user.Usernames;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A project's members over REST: members read the list, owners and admins change it (admin scope).
 */
@RestController
@RequestMapping("/api/projects/{projectId}/members")
class MembersApi {

  private final ProjectMembers members;

  MembersApi(ProjectMembers members) {
    this.members = members;
  }

  /** A member as the API shows them. */
  record MemberJson(String username, ProjectRole role, Instant addedAt, String addedBy) {}

  /** The role to give. */
  record RoleJson(ProjectRole role) {}

  @GetMapping
  List<MemberJson> list(@PathVariable long projectId) {
    return members.list(projectId).stream().map(MembersApi::json).toList();
  }

  /** Adds the user, or changes their role when they are a member already. */
  @PutMapping("/{username}")
  MemberJson put(
      @PathVariable long projectId, @PathVariable String username, @RequestBody RoleJson role) {
    boolean member = members.list(projectId).stream().anyMatch(m -> same(m.username(), username));
    if (member) {
      members.changeRole(projectId, username, role.role());
    } else {
      members.add(projectId, username, role.role());
    }
    return members.list(projectId).stream()
        .filter(m -> same(m.username(), username))
        .findFirst()
        .map(MembersApi::json)
        .orElseThrow();
  }

  @DeleteMapping("/{username}")
  ResponseEntity<Void> remove(@PathVariable long projectId, @PathVariable String username) {
    members.remove(projectId, username);
    return ResponseEntity.noContent().build();
  }

  /** Whether two names are the same account, compared as every look-up compares them. */
  private static boolean same(String a, String b) {
    return Usernames.key(a).equals(Usernames.key(b));
  }

  private static MemberJson json(MemberInfo m) {
    return new MemberJson(m.username(), m.role(), m.addedAt(), m.addedBy());
  }
}

package dev.kiln.portal.project.domain;

import dev.kiln.portal.access.ProjectRole;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Stored project memberships. */
public interface ProjectMemberRepository extends JpaRepository<ProjectMember, ProjectMember.Key> {

  List<ProjectMember> findByProjectId(long projectId);

  Optional<ProjectMember> findByProjectIdAndUserId(long projectId, long userId);

  /** The owners, locked, so that two owners leaving at once cannot leave a project without one. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select m from ProjectMember m where m.projectId = ?1 and m.role = ?2")
  List<ProjectMember> lockByRole(long projectId, ProjectRole role);
}

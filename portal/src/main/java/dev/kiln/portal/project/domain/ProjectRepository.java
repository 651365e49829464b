package dev.kiln.portal.project.domain;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Stored projects. */
public interface ProjectRepository extends JpaRepository<Project, Long> {

  /**
   * Projects whose name contains {@code filter} that the user with {@code usernameKey} is a member
   * of, or all for an admin.
   */
  @Query(
      nativeQuery = true,
      value = VISIBLE + " order by lower(p.name)",
      countQuery = "select count(*) from (" + VISIBLE + ") v")
  List<Project> findVisible(String filter, boolean all, String usernameKey, Pageable page);

  @Query(nativeQuery = true, value = "select count(*) from (" + VISIBLE + ") v")
  long countVisible(String filter, boolean all, String usernameKey);

  String VISIBLE =
      """
      select p.* from projects p
      where lower(p.name) like '%' || lower(?1) || '%'
        and (?2 or exists (select 1 from project_members m join users u on u.id = m.user_id
                           where m.project_id = p.id and u.username_key = ?3 and u.enabled))""";

  @Query("select p from Project p where lower(p.name) = lower(?1)")
  Optional<Project> findByName(String name);

  /** Loads a project and locks its row until the transaction ends (build numbers stay unique). */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select p from Project p where p.id = ?1")
  Optional<Project> findForUpdate(long id);
}

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

  @Query("select p from Project p where lower(p.name) like lower(concat('%', ?1, '%')) order by lower(p.name)")
  List<Project> findByNameContaining(String filter, Pageable page);

  @Query("select count(p) from Project p where lower(p.name) like lower(concat('%', ?1, '%'))")
  long countByNameContaining(String filter);

  @Query("select p from Project p where lower(p.name) = lower(?1)")
  Optional<Project> findByName(String name);

  /** Loads a project and locks its row until the transaction ends (build numbers stay unique). */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select p from Project p where p.id = ?1")
  Optional<Project> findForUpdate(long id);
}

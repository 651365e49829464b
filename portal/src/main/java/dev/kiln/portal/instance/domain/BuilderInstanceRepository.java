package dev.kiln.portal.instance.domain;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Stored builder instances. */
public interface BuilderInstanceRepository extends JpaRepository<BuilderInstance, Long> {

  @Query("select i from BuilderInstance i order by lower(i.name)")
  List<BuilderInstance> findAllByName();

  @Query("select i from BuilderInstance i where lower(i.name) = lower(?1)")
  Optional<BuilderInstance> findByName(String name);

  @Query("select i from BuilderInstance i where i.builderId = ?1 and i.automatic = true")
  Optional<BuilderInstance> findAutomatic(String builderId);
}

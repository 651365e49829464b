package dev.kiln.portal.build.domain;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

/** Stored artifacts. */
public interface ArtifactRepository extends JpaRepository<Artifact, Long> {

  List<Artifact> findByBuildIdOrderByPath(long buildId);

  Optional<Artifact> findByBuildIdAndPath(long buildId, String path);

  @Transactional
  @Modifying
  @Query("delete from Artifact a where a.buildId = ?1 and a.path = ?2")
  void deleteByBuildIdAndPath(long buildId, String path);
}

package dev.kiln.portal.secret.domain;

import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Secrets, global and per project. */
public interface SecretRepository extends JpaRepository<Secret, Long> {

  @Query(value = "select nextval('secrets_seq')", nativeQuery = true)
  long nextId();

  @Query("select s from Secret s where s.projectId is null order by s.name")
  List<Secret> findGlobal();

  List<Secret> findByProjectIdOrderByName(long projectId);

  @Query("select s from Secret s where s.projectId is null and lower(s.name) = lower(?1)")
  Optional<Secret> findGlobalByName(String name);

  Optional<Secret> findByProjectIdAndNameIgnoreCase(long projectId, String name);

  /**
   * Every secret, locked until the transaction ends, so that none changes while it is sealed again.
   */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select s from Secret s order by s.id")
  List<Secret> findAllForUpdate();

  /** The project's and the global secrets with these names. */
  @Query("select s from Secret s where s.name in ?2 and (s.projectId is null or s.projectId = ?1)")
  List<Secret> findUsableBy(long projectId, Collection<String> names);
}

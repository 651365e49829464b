package dev.kiln.portal.schedule.domain;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Stored schedules. */
public interface ScheduleRepository extends JpaRepository<Schedule, Long> {

  List<Schedule> findByProjectIdOrderByName(long projectId);

  @Query("select s from Schedule s where s.projectId = ?1 and lower(s.name) = lower(?2)")
  Optional<Schedule> findByProjectIdAndName(long projectId, String name);

  @Query("select s.id from Schedule s")
  List<Long> findAllIds();
}

package dev.kiln.portal.audit.domain;

import jakarta.persistence.criteria.Predicate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.repository.Repository;

/** The audit log's rows: added and read, never changed or deleted by Kiln. */
public interface AuditRecordRepository
    extends Repository<AuditRecord, Long>, JpaSpecificationExecutor<AuditRecord> {

  AuditRecord save(AuditRecord record);

  /**
   * Rows matching every part given; {@code null} parts match all.
   *
   * @param actorPrefix the start of the actor's name, in any case (served by an index)
   * @param target part of the target's name, or the target's or its project's id
   */
  static Specification<AuditRecord> matching(
      String actorPrefix, String action, Instant from, Instant to, String target) {
    return (root, query, cb) -> {
      List<Predicate> all = new ArrayList<>();
      if (actorPrefix != null) {
        all.add(
            cb.like(
                cb.lower(root.get("actor")),
                escape(actorPrefix.toLowerCase(Locale.ROOT)) + "%",
                '\\'));
      }
      if (action != null) {
        all.add(cb.equal(root.get("action"), action));
      }
      if (from != null) {
        all.add(cb.greaterThanOrEqualTo(root.get("at"), from));
      }
      if (to != null) {
        all.add(cb.lessThan(root.get("at"), to));
      }
      if (target != null) {
        List<Predicate> any =
            new ArrayList<>(
                List.of(
                    cb.like(
                        cb.lower(root.get("targetName")),
                        "%" + escape(target.toLowerCase(Locale.ROOT)) + "%",
                        '\\'),
                    cb.equal(root.get("targetId"), target)));
        if (target.matches("\\d{1,18}")) {
          any.add(cb.equal(root.get("projectId"), Long.parseLong(target)));
        }
        all.add(cb.or(any.toArray(Predicate[]::new)));
      }
      return cb.and(all.toArray(Predicate[]::new));
    };
  }

  /** Makes {@code %} and {@code _} in what the user typed match themselves. */
  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}

package dev.kiln.portal.webhook;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.base.RandomText;
import dev.kiln.portal.build.BuildNumberLookup;
import dev.kiln.portal.project.ProjectLookups;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Projects' webhook keys and the deliveries they received. Owners (and admins) make, rotate and
 * delete a key; every member sees whether there is one and what arrived.
 *
 * <p>The key is kept in clear in {@code webhooks.signing_key}: checking an HMAC needs the key
 * itself, on every web node. Whoever can read the database can therefore forge deliveries, that is
 * queue builds of that project, but learns no secret by it (see docs/webhooks.md).
 */
@Service
@Transactional
public class WebhookService {

  /** Letters and digits: 40 of them are about 238 bits, well beyond guessing. */
  static final int KEY_LENGTH = 40;

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final Clock clock;
  private final ProjectLookups projects;
  private final BuildNumberLookup buildNumbers;

  WebhookService(
      JdbcClient jdbc,
      AuditLog audit,
      Clock clock,
      ProjectLookups projects,
      BuildNumberLookup buildNumbers) {
    this.jdbc = jdbc;
    this.projects = projects;
    this.buildNumbers = buildNumbers;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayView(#projectId)")
  public WebhookInfo find(long projectId) {
    return jdbc.sql("select created_at, created_by from webhooks where project_id = ?")
        .param(projectId)
        .query(
            (rs, n) ->
                new WebhookInfo(projectId, true, rs.getTimestamp(1).toInstant(), rs.getString(2)))
        .optional()
        .orElse(new WebhookInfo(projectId, false, null, null));
  }

  /** The latest deliveries, newest first, with the number of the build each queued. */
  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayView(#projectId)")
  public List<DeliveryInfo> deliveries(long projectId, int limit) {
    List<DeliveryInfo> rows =
        jdbc.sql(
                """
                select delivery_id, event, summary, received_at, build_id from webhook_deliveries
                where project_id = ? order by received_at desc, delivery_id limit ?""")
            .params(projectId, Math.clamp(limit, 1, 500))
            .query(
                (rs, n) ->
                    new DeliveryInfo(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getObject(5, Long.class),
                        null))
            .list();
    // A build deleted since (with its project's history) shows as none, as a left join would.
    Map<Long, Integer> numbers =
        buildNumbers.numbersOf(
            rows.stream().map(DeliveryInfo::buildId).filter(Objects::nonNull).toList());
    return rows.stream()
        .map(
            d -> {
              Integer number = d.buildId() == null ? null : numbers.get(d.buildId());
              return new DeliveryInfo(
                  d.deliveryId(),
                  d.event(),
                  d.summary(),
                  d.receivedAt(),
                  number == null ? null : d.buildId(),
                  number);
            })
        .toList();
  }

  /**
   * Makes the project's webhook key, or a new one in place of the old, which stops working at once.
   *
   * @return the key: the only time anyone sees it
   */
  @PreAuthorize("@projectAccess.mayOwn(#projectId)")
  public String createKey(long projectId) {
    String key = RandomText.of(RandomText.BASE62, KEY_LENGTH);
    String user = SecurityContextHolder.getContext().getAuthentication().getName();
    int replaced =
        jdbc.sql(
                "update webhooks set signing_key = ?, created_at = ?, created_by = ? where project_id = ?")
            .params(key, Timestamp.from(clock.instant()), user, projectId)
            .update();
    if (replaced == 0) {
      jdbc.sql(
              "insert into webhooks (project_id, signing_key, created_at, created_by) values (?, ?, ?, ?)")
          .params(projectId, key, Timestamp.from(clock.instant()), user)
          .update();
    }
    audit.record(
        AuditEvent.of(
                replaced == 0 ? AuditAction.WEBHOOK_KEY_CREATED : AuditAction.WEBHOOK_KEY_ROTATED,
                "project",
                projectId,
                projectName(projectId))
            .inProject(projectId));
    return key;
  }

  /**
   * Turns the webhook off: deliveries are refused from now on. The list of past deliveries stays.
   */
  @PreAuthorize("@projectAccess.mayOwn(#projectId)")
  public void deleteKey(long projectId) {
    if (jdbc.sql("delete from webhooks where project_id = ?").param(projectId).update() > 0) {
      audit.record(
          AuditEvent.of(
                  AuditAction.WEBHOOK_KEY_DELETED, "project", projectId, projectName(projectId))
              .inProject(projectId));
    }
  }

  private String projectName(long projectId) {
    return projects.name(projectId);
  }
}

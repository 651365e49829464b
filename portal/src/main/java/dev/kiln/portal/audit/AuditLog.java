package dev.kiln.portal.audit;

import com.vaadin.flow.server.VaadinRequest;
import dev.kiln.portal.audit.domain.AuditRecord;
import dev.kiln.portal.audit.domain.AuditRecordRepository;
import dev.kiln.portal.node.NodeProperties;
import java.time.Clock;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The audit log: who did what, when, from where. Features record their changes here; admins read
 * it. Entries are never changed, and Kiln deletes none.
 */
@Service
@Transactional
public class AuditLog {

  /** The actor of what Kiln does by itself, such as running a build. */
  public static final String SYSTEM = "system";

  static final int MAX_PAGE_SIZE = 500;

  private final AuditRecordRepository records;
  private final String node;
  private final Clock clock;

  AuditLog(AuditRecordRepository records, NodeProperties node, Clock clock) {
    this.records = records;
    this.node = node.name();
    this.clock = clock;
  }

  /**
   * Records a change in the caller's transaction (or a new one when there is none), so that a
   * change that rolls back leaves no entry.
   */
  public void record(AuditEvent event) {
    records.save(row(event));
  }

  /**
   * Records a failure or refusal in a transaction of its own, committed at once: the entry stays
   * although the caller's transaction usually rolls back after a refusal.
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void recordIndependently(AuditEvent event) {
    records.save(row(event));
  }

  /** A page of entries, newest first. */
  @Transactional(readOnly = true)
  @PreAuthorize("hasRole('ADMIN')")
  public List<AuditEntry> list(AuditFilter filter, Pageable page) {
    var newestFirst =
        PageRequest.of(
            page.getPageNumber(),
            Math.clamp(page.getPageSize(), 1, MAX_PAGE_SIZE),
            Sort.by(Sort.Order.desc("at"), Sort.Order.desc("id")));
    var matching =
        AuditRecordRepository.matching(
            blankToNull(filter.actor()),
            filter.action() == null ? null : filter.action().code(),
            filter.from(),
            filter.to(),
            blankToNull(filter.target()));
    return records
        .findBy(matching, query -> query.slice(newestFirst))
        .map(AuditLog::entry)
        .getContent();
  }

  private AuditRecord row(AuditEvent e) {
    String actor = e.actor() != null ? e.actor() : currentActor();
    String address = e.remoteAddress() != null ? e.remoteAddress() : currentAddress();
    return new AuditRecord(
        clock.instant(),
        clip(actor, AuditRecord.ACTOR_LENGTH),
        e.action().code(),
        clip(e.targetType(), AuditRecord.TARGET_TYPE_LENGTH),
        clip(e.targetId(), AuditRecord.TARGET_ID_LENGTH),
        clip(e.targetName(), AuditRecord.TARGET_NAME_LENGTH),
        e.projectId(),
        e.detail() == null ? "" : clip(e.detail(), AuditRecord.DETAIL_LENGTH),
        clip(address, AuditRecord.REMOTE_ADDRESS_LENGTH),
        clip(node, AuditRecord.NODE_LENGTH));
  }

  private static String currentActor() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken
        ? SYSTEM
        : auth.getName();
  }

  /**
   * The client's address: from Vaadin's request when the change came through the UI (also over
   * push).
   */
  private static String currentAddress() {
    VaadinRequest vaadin = VaadinRequest.getCurrent();
    if (vaadin != null) {
      return vaadin.getRemoteAddr();
    }
    return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet
        ? servlet.getRequest().getRemoteAddr()
        : null;
  }

  /**
   * Names typed by strangers (a log-in's user name) end up here: keep them short and on one line.
   */
  private static String clip(String value, int max) {
    if (value == null) {
      return null;
    }
    String clean = value.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static AuditEntry entry(AuditRecord r) {
    return new AuditEntry(
        r.getId(),
        r.getAt(),
        r.getActor(),
        r.getAction(),
        r.getTargetType(),
        r.getTargetId(),
        r.getTargetName(),
        r.getProjectId(),
        r.getDetail(),
        r.getRemoteAddress(),
        r.getNode());
  }
}

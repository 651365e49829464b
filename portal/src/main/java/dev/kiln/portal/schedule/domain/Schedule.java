package dev.kiln.portal.schedule.domain;

import dev.kiln.portal.schedule.MisfirePolicy;
import dev.kiln.portal.schedule.OverlapPolicy;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A project's cron schedule; Quartz holds the trigger made from it. */
@Entity
@Table(name = "schedules")
public class Schedule {

  /** Column lengths, in characters; validation takes its limits from here. */
  public static final int NAME_LENGTH = 100,
      EXPRESSION_LENGTH = 200,
      TIME_ZONE_LENGTH = 64,
      NOTE_LENGTH = 1000;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "project_id")
  private long projectId;

  @Column(length = NAME_LENGTH)
  private String name;

  @Column(length = EXPRESSION_LENGTH)
  private String expression;

  @Column(name = "time_zone", length = TIME_ZONE_LENGTH)
  private String timeZone;

  private boolean enabled;

  @Enumerated(EnumType.STRING)
  @Column(name = "misfire_policy", length = 20)
  private MisfirePolicy misfire;

  @Enumerated(EnumType.STRING)
  @Column(name = "overlap_policy", length = 20)
  private OverlapPolicy overlap;

  @Column(name = "parameters_json")
  private String parametersJson;

  /** What Kiln noted, such as why it paused the schedule; cleared when a user saves it. */
  @Column(length = NOTE_LENGTH)
  private String note;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Version private long version;

  protected Schedule() {}

  public Schedule(long projectId, Instant now) {
    this.projectId = projectId;
    this.createdAt = now;
  }

  /** Replaces what the user set. */
  public void configure(
      String name,
      String expression,
      String timeZone,
      boolean enabled,
      MisfirePolicy misfire,
      OverlapPolicy overlap,
      String parametersJson,
      Instant now) {
    this.name = name;
    this.expression = expression;
    this.timeZone = timeZone;
    this.enabled = enabled;
    this.misfire = misfire;
    this.overlap = overlap;
    this.parametersJson = parametersJson;
    this.updatedAt = now;
  }

  public void note(String note) {
    this.note = note;
  }

  public String getNote() {
    return note;
  }

  public Long getId() {
    return id;
  }

  public long getProjectId() {
    return projectId;
  }

  public String getName() {
    return name;
  }

  public String getExpression() {
    return expression;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public MisfirePolicy getMisfire() {
    return misfire;
  }

  public OverlapPolicy getOverlap() {
    return overlap;
  }

  public String getParametersJson() {
    return parametersJson;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}

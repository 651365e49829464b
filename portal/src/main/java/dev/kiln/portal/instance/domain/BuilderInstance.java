package dev.kiln.portal.instance.domain;

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

/** A named instance of a builder, with its instance settings and its last health check. */
@Entity
@Table(name = "builder_instances")
public class BuilderInstance {

  /** Column lengths, in characters; validation takes its limits from here. */
  public static final int NAME_LENGTH = 100, MESSAGE_LENGTH = 2000;

  /** What the last health check found. */
  public enum Health {
    /** Not checked since it was created or changed. */
    UNKNOWN,
    UP,
    DOWN,
    /** The builder proposes a value (a host key) that an admin must approve first. */
    NEEDS_APPROVAL
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(length = NAME_LENGTH)
  private String name;

  @Column(name = "builder_id", length = 63)
  private String builderId;

  @Column(name = "settings_json")
  private String settingsJson;

  private boolean automatic;

  @Enumerated(EnumType.STRING)
  @Column(length = 20)
  private Health health = Health.UNKNOWN;

  @Column(name = "health_message", length = MESSAGE_LENGTH)
  private String healthMessage = "";

  @Column(name = "checked_at")
  private Instant checkedAt;

  @Column(name = "check_node", length = 200)
  private String checkNode;

  @Column(name = "last_error", length = MESSAGE_LENGTH)
  private String lastError;

  @Column(name = "last_error_at")
  private Instant lastErrorAt;

  @Column(name = "proposal_key", length = 100)
  private String proposalKey;

  @Column(name = "proposal_value")
  private String proposalValue;

  @Column(name = "proposal_question", length = MESSAGE_LENGTH)
  private String proposalQuestion;

  @Column(name = "max_concurrent")
  private Integer maxConcurrent;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Version private long version;

  protected BuilderInstance() {}

  public BuilderInstance(String builderId, boolean automatic, Instant now) {
    this.builderId = builderId;
    this.automatic = automatic;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** Sets the name and settings; the health is unknown until the next check. */
  public void configure(String name, String settingsJson, Instant now) {
    this.name = name;
    this.settingsJson = settingsJson;
    this.updatedAt = now;
    this.health = Health.UNKNOWN;
    this.healthMessage = "Not checked since it was changed.";
    clearProposal();
  }

  /** Sets how many builds may run on it at once; {@code null} for no limit. */
  public void limit(Integer maxConcurrent, Instant now) {
    this.maxConcurrent = maxConcurrent;
    this.updatedAt = now;
  }

  /** Records a health check's result. */
  public void checked(Health health, String message, String node, Instant at) {
    this.health = health;
    this.healthMessage = message;
    this.checkNode = node;
    this.checkedAt = at;
    if (health != Health.UP) {
      this.lastError = message;
      this.lastErrorAt = at;
    }
    if (health != Health.NEEDS_APPROVAL) {
      clearProposal();
    }
  }

  /** Records a value the builder proposes and an admin must approve. */
  public void propose(String key, String value, String question) {
    this.proposalKey = key;
    this.proposalValue = value;
    this.proposalQuestion = question;
  }

  private void clearProposal() {
    proposalKey = null;
    proposalValue = null;
    proposalQuestion = null;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getBuilderId() {
    return builderId;
  }

  public String getSettingsJson() {
    return settingsJson;
  }

  public boolean isAutomatic() {
    return automatic;
  }

  public Health getHealth() {
    return health;
  }

  public String getHealthMessage() {
    return healthMessage;
  }

  public Instant getCheckedAt() {
    return checkedAt;
  }

  public String getCheckNode() {
    return checkNode;
  }

  public String getLastError() {
    return lastError;
  }

  public Instant getLastErrorAt() {
    return lastErrorAt;
  }

  public String getProposalKey() {
    return proposalKey;
  }

  public String getProposalValue() {
    return proposalValue;
  }

  public String getProposalQuestion() {
    return proposalQuestion;
  }

  public Integer getMaxConcurrent() {
    return maxConcurrent;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}

package dev.kiln.portal.build.domain;

import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildSpec;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.build.Parameters;
import dev.kiln.portal.build.TriggerKind;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One run of a project's script. State changes go through {@link BuildRepository}'s conditional
 * updates, never through setters, so two nodes can never both start or both finish it.
 */
@Entity
@Table(name = "builds")
public class Build {

  /** Column lengths, in characters; validation takes its limits from here. */
  public static final int REASON_LENGTH = 2000, TRIGGERED_BY_LENGTH = 200;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "project_id")
  private long projectId;

  private int number;

  @Column(name = "project_name", length = 100)
  private String projectName;

  @Column(name = "builder_id", length = 63)
  private String builderId;

  @Column(name = "builder_instance_id")
  private Long builderInstanceId;

  @Column(name = "builder_instance_name", length = 100)
  private String builderInstanceName;

  @Column(name = "settings_json")
  private String settingsJson;

  private String script;

  @Column(name = "artifact_patterns")
  private String artifactPatterns;

  @Column(name = "timeout_seconds")
  private int timeoutSeconds;

  @Column(name = "secret_names")
  private String secretNames;

  @Enumerated(EnumType.STRING)
  @Column(length = 20)
  private BuildState state;

  @Column(length = REASON_LENGTH)
  private String reason;

  @Column(name = "triggered_by", length = TRIGGERED_BY_LENGTH)
  private String triggeredBy;

  @Column(length = 200)
  private String node;

  @Column(name = "queued_at")
  private Instant queuedAt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  @Column(name = "exit_code")
  private Integer exitCode;

  @Column(name = "log_chunks")
  private int logChunks;

  @Column(name = "log_bytes")
  private long logBytes;

  @Column(name = "log_truncated")
  private boolean logTruncated;

  @Column(name = "cancel_requested_by", length = 100)
  private String cancelRequestedBy;

  @Enumerated(EnumType.STRING)
  @Column(name = "trigger_kind", length = 20)
  private TriggerKind triggerKind;

  @Column(name = "schedule_id")
  private Long scheduleId;

  @Column(name = "parameters_json")
  private String parametersJson;

  private int priority;

  private int attempt = 1;

  @Column(name = "retry_of")
  private Long retryOf;

  private boolean waiting;

  @Embedded private RevisionColumns source;

  protected Build() {}

  /** A new, queued build. */
  public Build(BuildSpec spec, Instant now) {
    this(spec, now, 1, null);
  }

  /**
   * A new, queued build that is attempt {@code attempt} at running {@code spec}: {@link
   * LostBuildRetry} queues one when the build {@code retryOf} was lost with its node.
   */
  public Build(BuildSpec spec, Instant queuedAt, int attempt, Long retryOf) {
    this.projectId = spec.projectId();
    this.number = spec.number();
    this.projectName = spec.projectName();
    this.builderId = spec.builderId();
    this.settingsJson = spec.settingsJson();
    this.builderInstanceId = spec.instanceId();
    this.builderInstanceName = spec.instanceName();
    this.script = spec.script();
    this.artifactPatterns = String.join("\n", spec.artifactPatterns());
    this.timeoutSeconds = (int) spec.timeout().toSeconds();
    this.secretNames = String.join("\n", spec.secretNames());
    this.triggeredBy = spec.trigger().by();
    this.triggerKind = spec.trigger().kind();
    this.scheduleId = spec.trigger().scheduleId();
    this.parametersJson = Parameters.write(spec.trigger().environment());
    this.priority = spec.priority();
    this.attempt = attempt;
    this.retryOf = retryOf;
    this.source = new RevisionColumns(spec);
    this.state = BuildState.QUEUED;
    this.reason = "Waiting for a free runner.";
    this.queuedAt = queuedAt;
  }

  public Long getId() {
    return id;
  }

  public String getSettingsJson() {
    return settingsJson;
  }

  public String getScript() {
    return script;
  }

  public List<String> getArtifactPatterns() {
    return artifactPatterns.isBlank() ? List.of() : Arrays.asList(artifactPatterns.split("\n"));
  }

  /** The names of the secrets the build receives, as its project named them when it was queued. */
  public List<String> getSecretNames() {
    return secretNames.isBlank() ? List.of() : Arrays.asList(secretNames.split("\n"));
  }

  /** Its parameters and the variables Kiln set from its trigger, for the script's environment. */
  public Map<String, String> getParameters() {
    return Parameters.read(parametersJson);
  }

  public Long getBuilderInstanceId() {
    return builderInstanceId;
  }

  /** The schedule that fired it, or {@code null}. */
  public Long getScheduleId() {
    return scheduleId;
  }

  public int getPriority() {
    return priority;
  }

  public Instant getQueuedAt() {
    return queuedAt;
  }

  /** Its repository and what it builds from it. */
  public RevisionColumns getSource() {
    return source == null ? RevisionColumns.NONE : source;
  }

  public int getLogChunks() {
    return logChunks;
  }

  public String getCancelRequestedBy() {
    return cancelRequestedBy;
  }

  /** The build as the rest of Kiln sees it. */
  public BuildInfo toInfo() {
    return new BuildInfo(
        id,
        projectId,
        number,
        projectName,
        builderId,
        builderInstanceName,
        state,
        reason,
        triggeredBy,
        node,
        queuedAt,
        startedAt,
        finishedAt,
        exitCode,
        logBytes,
        logTruncated,
        Duration.ofSeconds(timeoutSeconds),
        triggerKind,
        attempt,
        retryOf,
        priority,
        waiting,
        getSource().revision(),
        getSource().source().repository(),
        getSource().rebuildOf(),
        getSource().secrets());
  }
}

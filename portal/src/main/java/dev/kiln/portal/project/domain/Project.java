package dev.kiln.portal.project.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Something Kiln builds: a script, the builder that runs it, and which files to keep. */
@Entity
@Table(name = "projects")
public class Project {

  /** Column lengths, in characters; validation takes its limits from here. */
  public static final int NAME_LENGTH = 100, DESCRIPTION_LENGTH = 2000, BUILDER_ID_LENGTH = 63;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(length = NAME_LENGTH)
  private String name;

  @Column(length = DESCRIPTION_LENGTH)
  private String description;

  @Column(name = "builder_id", length = BUILDER_ID_LENGTH)
  private String builderId;

  @Column(name = "builder_instance_id")
  private Long builderInstanceId;

  @Column(name = "settings_json")
  private String settingsJson;

  private String script;

  @Column(name = "artifact_patterns")
  private String artifactPatterns;

  @Column(name = "timeout_seconds")
  private int timeoutSeconds;

  @Column(name = "secret_names")
  private String secretNames = "";

  @Column(name = "next_build_number")
  private int nextBuildNumber = 1;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Version private long version;

  private int priority;

  private int retries = 1;

  /** The declared parameters, as a JSON array (see ParameterDeclarations). */
  @Column(name = "parameters_json")
  private String parametersJson = "[]";

  @Embedded private SourceColumns source = SourceColumns.none();

  protected Project() {}

  public Project(Instant now) {
    this.createdAt = now;
  }

  /** Replaces the configuration. */
  public void configure(
      String name,
      String description,
      String builderId,
      Long builderInstanceId,
      String settingsJson,
      String script,
      List<String> artifactPatterns,
      Duration timeout,
      List<String> secretNames,
      Instant now) {
    this.name = name;
    this.description = description;
    this.builderId = builderId;
    this.builderInstanceId = builderInstanceId;
    this.settingsJson = settingsJson;
    this.script = script;
    this.artifactPatterns = String.join("\n", artifactPatterns);
    this.timeoutSeconds = (int) timeout.toSeconds();
    this.secretNames = String.join("\n", secretNames);
    this.updatedAt = now;
  }

  /**
   * How its builds queue and recover.
   *
   * @param priority from -10 to 10; a higher priority is taken first
   * @param retries how many times a build lost with its node runs again, 0 to 5
   */
  public void queueing(int priority, int retries) {
    this.priority = priority;
    this.retries = retries;
  }

  /** Replaces the declared parameters, stored as JSON. */
  public void declare(String parametersJson, Instant now) {
    this.parametersJson = parametersJson;
    this.updatedAt = now;
  }

  /** Replaces the git repository and its webhook filters. */
  public void source(SourceColumns columns) {
    this.source = columns;
  }

  public SourceColumns getSource() {
    return source == null ? SourceColumns.none() : source;
  }

  public String getParametersJson() {
    return parametersJson;
  }

  public int getPriority() {
    return priority;
  }

  public int getRetries() {
    return retries;
  }

  /** Takes the next build number; only {@code ProjectBuildNumbers} does, under the row lock. */
  public int takeBuildNumber() {
    return nextBuildNumber++;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getDescription() {
    return description;
  }

  public String getBuilderId() {
    return builderId;
  }

  public Long getBuilderInstanceId() {
    return builderInstanceId;
  }

  public String getSettingsJson() {
    return settingsJson;
  }

  public String getScript() {
    return script;
  }

  public List<String> getArtifactPatterns() {
    return artifactPatterns == null || artifactPatterns.isBlank()
        ? List.of()
        : Arrays.asList(artifactPatterns.split("\n"));
  }

  public List<String> getSecretNames() {
    return secretNames == null || secretNames.isBlank()
        ? List.of()
        : Arrays.asList(secretNames.split("\n"));
  }

  public Duration getTimeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}

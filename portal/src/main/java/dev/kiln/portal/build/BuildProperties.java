package dev.kiln.portal.build;

import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How this node runs builds.
 *
 * @param workDir where each running build gets its own folder, removed when it ends
 * @param runnerThreads how many builds this node runs at once (Quartz's thread pool)
 * @param maxLogBytes the most log one build keeps; output past it is dropped with a notice
 * @param cancelGrace how long a builder has to stop once asked (timeout or cancel) before Kiln
 *     interrupts it, abandons its thread and frees the runner; 30 s when not set
 */
@Validated
@ConfigurationProperties("kiln.builds")
public record BuildProperties(
    Path workDir,
    @Min(1) int runnerThreads,
    @Min(1024) long maxLogBytes,
    @DurationMin(seconds = 0) Duration cancelGrace) {

  /** Fills in the grace period when it is not configured. */
  public BuildProperties {
    if (cancelGrace == null) {
      cancelGrace = Duration.ofSeconds(30);
    }
  }
}

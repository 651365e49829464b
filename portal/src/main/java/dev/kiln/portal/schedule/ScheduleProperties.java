package dev.kiln.portal.schedule;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How schedules fire ({@code kiln.schedules.*}).
 *
 * @param threads threads firing schedules on each scheduler node; firing only queues a build, so a
 *     few suffice
 * @param misfireThreshold how late a fire time may run before it counts as missed and the
 *     schedule's misfire policy decides; 60 s by default
 */
@Validated
@ConfigurationProperties("kiln.schedules")
public record ScheduleProperties(
    @Min(1) Integer threads, @DurationMin(seconds = 1) Duration misfireThreshold) {

  public ScheduleProperties {
    threads = threads == null ? 3 : threads;
    misfireThreshold = misfireThreshold == null ? Duration.ofSeconds(60) : misfireThreshold;
  }
}

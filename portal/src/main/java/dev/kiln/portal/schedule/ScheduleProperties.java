package dev.kiln.portal.schedule;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How schedules fire ({@code kiln.schedules.*}).
 *
 * @param threads threads firing schedules on each scheduler node; firing only queues a build, so a few suffice
 * @param misfireThreshold how late a fire time may run before it counts as missed and the
 *     schedule's misfire policy decides; 60 s by default
 */
@ConfigurationProperties("kiln.schedules")
public record ScheduleProperties(Integer threads, Duration misfireThreshold) {

  public ScheduleProperties {
    threads = threads == null || threads < 1 ? 3 : threads;
    misfireThreshold = misfireThreshold == null ? Duration.ofSeconds(60) : misfireThreshold;
  }
}

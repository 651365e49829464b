package dev.kiln.portal;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Kiln's entry point: one jar for every node. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class KilnApplication {

  public static void main(String[] args) {
    SpringApplication.run(KilnApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}

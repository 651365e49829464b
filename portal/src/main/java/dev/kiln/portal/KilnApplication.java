package dev.kiln.portal;

import dev.kiln.portal.secret.SecretKeyCommand;
import java.time.Clock;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Kiln's entry point: one jar for every node. Started with {@code rotate-secret-keys} as its first
 * argument, it runs that command instead of the portal (see {@link SecretKeyCommand}). A start that
 * fails ends the process with a non-zero exit code (see {@link FailedStart}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class KilnApplication {

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals(SecretKeyCommand.NAME)) {
      System.exit(
          SecretKeyCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
    }
    var application = new SpringApplication(KilnApplication.class);
    application.addListeners(new FailedStart());
    try {
      application.run(args);
    } catch (SpringApplication.AbandonedRunException e) {
      throw e; // a tool (AOT processing) stopped the run on purpose: not a failure
    } catch (Throwable e) { // Spring has logged why, and closed what it had started
      FailedStart.exit();
    }
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}

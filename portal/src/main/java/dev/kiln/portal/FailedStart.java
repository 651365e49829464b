package dev.kiln.portal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;

/**
 * A start that fails ends the process with {@value #EXIT_CODE}, so a service manager sees it and
 * can start it again. Without this, the JVM outlived "Application run failed" for as long as any
 * thread that is not a daemon did (a scheduler's, a plugin's).
 *
 * <p>The clean shutdown still comes first: Spring closes the context after telling this listener of
 * the failure, and {@link #exit} then runs the shutdown hooks. Should either hang, a watchdog armed
 * at the failure halts the JVM after {@link #SHUTDOWN_LIMIT}.
 */
final class FailedStart implements ApplicationListener<ApplicationFailedEvent> {

  static final int EXIT_CODE = 1;
  static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(FailedStart.class);
  private static final AtomicBoolean armed = new AtomicBoolean();

  /** Before the context closes: from now on, the process ends within the limit whatever hangs. */
  @Override
  public void onApplicationEvent(ApplicationFailedEvent event) {
    arm();
  }

  /** After Spring closed what it had started: ends the process. */
  static void exit() {
    arm();
    System.exit(EXIT_CODE);
  }

  private static void arm() {
    if (armed.compareAndSet(false, true)) {
      Thread.ofPlatform()
          .daemon()
          .name("failed-start-watchdog")
          .start(
              () -> {
                try {
                  Thread.sleep(SHUTDOWN_LIMIT);
                } catch (InterruptedException e) {
                  return;
                }
                log.error(
                    "Kiln failed to start and did not shut down within {} s; halting",
                    SHUTDOWN_LIMIT.toSeconds());
                Runtime.getRuntime().halt(EXIT_CODE);
              });
    }
  }
}

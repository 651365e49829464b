package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.portal.KilnSpringTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A builder's run cannot keep the runner past its stop request plus the grace period. */
@Timeout(30)
class BuilderThreadsTest {

  private final BuilderThreads threads =
      new BuilderThreads(new BuildProperties(Path.of("work"), 1, 1 << 20, Duration.ofSeconds(1)));
  private final CancellationToken token = new CancellationToken();

  @Test
  void runsTheBuilderOnAThreadNamedAfterTheBuild() throws Exception {
    var name = new AtomicReference<String>();
    BuildResult result =
        threads.run(
            42,
            token,
            () -> {
              name.set(Thread.currentThread().getName());
              return BuildResult.exited(3);
            });

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(name.get()).isEqualTo("build-42");
  }

  @Test
  void whatTheBuilderThrowsIsRethrownErrorsIncluded() {
    assertThatThrownBy(
            () ->
                threads.run(
                    1,
                    token,
                    () -> {
                      throw new BuildException("host down");
                    }))
        .isInstanceOf(BuildException.class)
        .hasMessage("host down");
    assertThatThrownBy(
            () ->
                threads.run(
                    1,
                    token,
                    () -> {
                      throw new IllegalArgumentException("bad");
                    }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> threads.run(1, token, BuilderThreadsTest::recurse))
        .isInstanceOf(StackOverflowError.class);
  }

  @Test
  void aBuilderThatIgnoresCancelAndInterruptsIsAbandonedAfterTheGracePeriod() throws Exception {
    var release = new CountDownLatch(1);
    var started = new CountDownLatch(1);
    var stuck = new AtomicReference<Thread>();
    token.cancel("tester");

    assertThatThrownBy(
            () ->
                threads.run(
                    7,
                    token,
                    () -> {
                      stuck.set(Thread.currentThread());
                      started.countDown();
                      while (release.getCount() > 0) {
                        Thread.onSpinWait(); // neither polls cancellation nor minds interrupts
                      }
                      return BuildResult.exited(0);
                    }))
        .isInstanceOf(BuilderThreads.Abandoned.class)
        .hasMessage(
            "The builder did not stop within 1 s of being asked; its thread was abandoned.");

    assertThat(started.getCount()).isZero();
    assertThat(stuck.get().isAlive()).isTrue();
    assertThat(stuck.get().isInterrupted()).isTrue();
    assertThat(threads.abandonedThreads()).isEqualTo(1);

    release.countDown();
    stuck.get().join(10_000);
    assertThat(threads.abandonedThreads()).isZero();
  }

  @Test
  void aBuilderThatOnlyMindsInterruptsStopsWhenInterruptedAfterTheGracePeriod() {
    token.timeOut();

    assertThatThrownBy(
            () ->
                threads.run(
                    8,
                    token,
                    () -> {
                      Thread.sleep(60_000);
                      return BuildResult.exited(0);
                    }))
        .isInstanceOf(InterruptedException.class);
    assertThat(threads.abandonedThreads()).isZero();
  }

  @Test
  void aBuilderThatStopsWhenAskedIsNeitherInterruptedNorAbandoned() throws Exception {
    var interrupted = new AtomicBoolean();
    var stopped = new CountDownLatch(1);
    token.onRequest(stopped::countDown);
    Thread.ofPlatform()
        .start(
            () -> {
              sleep(200);
              token.cancel("tester");
            });

    BuildResult result =
        threads.run(
            9,
            token,
            () -> {
              stopped.await();
              interrupted.set(Thread.currentThread().isInterrupted());
              return BuildResult.exited(143);
            });

    assertThat(result.exitCode()).isEqualTo(143);
    assertThat(interrupted).isFalse();
    assertThat(threads.abandonedThreads()).isZero();
  }

  @Test
  void interruptingTheRunnerInterruptsTheBuilderToo() throws Exception {
    var builder = new AtomicReference<Thread>();
    var builderInterrupted = new CountDownLatch(1);
    var outcome = new AtomicReference<Throwable>();
    Thread runner =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    threads.run(
                        10,
                        token,
                        () -> {
                          builder.set(Thread.currentThread());
                          try {
                            Thread.sleep(60_000);
                          } catch (InterruptedException e) {
                            builderInterrupted.countDown();
                            throw e;
                          }
                          return BuildResult.exited(0);
                        });
                  } catch (Throwable e) {
                    outcome.set(e);
                  }
                });
    KilnSpringTest.await(
        "the builder to start", Duration.ofSeconds(10), () -> builder.get() != null);

    runner.interrupt();
    runner.join(10_000);

    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    assertThat(builderInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
  }

  private static BuildResult recurse() {
    recurse();
    return BuildResult.exited(0);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

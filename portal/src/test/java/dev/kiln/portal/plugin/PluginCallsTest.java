package dev.kiln.portal.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.plugin.PluginCalls.Answer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Calls into plugins answer within their limit whatever the plugin does, and say what went wrong.
 */
@Timeout(30)
class PluginCallsTest {

  @Test
  void anAnsweringCallGivesItsValueFromAnotherThread() {
    Answer<String> answer =
        PluginCalls.call(
            "The test builder's check",
            Duration.ofSeconds(5),
            () -> Thread.currentThread().getName());

    assertThat(answer.answered()).isTrue();
    assertThat(answer.problem()).isNull();
    assertThat(answer.value())
        .isEqualTo("plugin-call: The test builder's check")
        .isNotEqualTo(Thread.currentThread().getName());
  }

  @Test
  void aHangingCallIsGivenUpAtItsLimitAndNotAskedAgainWhileItHangs() throws InterruptedException {
    var release = new CountDownLatch(1);
    var hanging = new AtomicReference<Thread>();
    Answer<String> first =
        PluginCalls.call(
            "The hanging builder's check",
            Duration.ofSeconds(1),
            () -> {
              hanging.set(Thread.currentThread());
              while (release.getCount() > 0) { // ignores interrupts, as a careless plugin does
                Thread.onSpinWait();
              }
              return "too late";
            });

    assertThat(first.answered()).isFalse();
    assertThat(first.value()).isNull();
    assertThat(first.problem()).isEqualTo("The hanging builder's check did not answer within 1 s.");
    assertThat(hanging.get().isAlive()).isTrue();

    Answer<String> second =
        PluginCalls.call("The hanging builder's check", Duration.ofSeconds(1), () -> "fresh");
    assertThat(second.problem())
        .isEqualTo(
            "The hanging builder's check is still busy with an earlier call that did not answer; it was not asked again.");

    release.countDown();
    hanging.get().join(10_000);
    assertThat(
            PluginCalls.call("The hanging builder's check", Duration.ofSeconds(5), () -> "fresh")
                .value())
        .isEqualTo("fresh");
  }

  @Test
  void anInterruptedCallThatStopsIsNotRememberedAsHanging() {
    Answer<String> first =
        PluginCalls.call(
            "The sleeping builder's check",
            Duration.ofMillis(300),
            () -> {
              Thread.sleep(60_000);
              return "slept";
            });
    assertThat(first.problem())
        .isEqualTo("The sleeping builder's check did not answer within 300 ms.");

    KilnSpringTest.await(
        "the interrupted call to end",
        Duration.ofSeconds(10),
        () ->
            PluginCalls.call("The sleeping builder's check", Duration.ofSeconds(5), () -> "awake")
                .answered());
  }

  @Test
  void aThrowingCallGivesItsReason() {
    Answer<Object> answer =
        PluginCalls.call(
            "The broken builder's check",
            Duration.ofSeconds(5),
            () -> {
              throw new IllegalStateException("engine at tcp://127.0.0.1:1 refused the connection");
            });

    assertThat(answer.problem())
        .isEqualTo(
            "The broken builder's check failed: IllegalStateException: engine at tcp://127.0.0.1:1 refused the connection");
  }

  @Test
  void errorsArePutInWords() {
    assertThat(
            PluginCalls.call("describe()", Duration.ofSeconds(5), PluginCallsTest::recurse)
                .problem())
        .isEqualTo("describe() failed: it called itself too deeply (StackOverflowError)");
    assertThat(
            PluginCalls.call(
                    "describe()",
                    Duration.ofSeconds(5),
                    () -> {
                      throw new NoClassDefFoundError("com/example/Missing");
                    })
                .problem())
        .isEqualTo(
            "describe() failed: a class it needs is missing or does not match its jar (NoClassDefFoundError: com/example/Missing)");
    assertThat(
            PluginCalls.call(
                    "describe()",
                    Duration.ofSeconds(5),
                    () -> {
                      throw new OutOfMemoryError("Java heap space");
                    })
                .problem())
        .isEqualTo("describe() failed: it ran out of memory (OutOfMemoryError: Java heap space)");
  }

  private static int recurse() {
    return recurse() + 1;
  }
}

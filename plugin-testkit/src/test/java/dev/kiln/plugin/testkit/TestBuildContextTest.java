package dev.kiln.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestBuildContextTest {

  @TempDir Path tmp;

  @Test
  void recordsLinesNoticesAndArtifacts() throws IOException {
    TestBuildContext context = new TestBuildContext(tmp);

    context.log().line("héllo");
    context.log().notice("a notice");
    context.artifacts().store("out/a.txt", 2, new ByteArrayInputStream("hi".getBytes()));

    assertThat(context.lines()).containsExactly("héllo");
    assertThat(context.notices()).containsExactly("a notice");
    assertThat(context.everything()).containsExactly("héllo", "a notice");
    assertThat(context.lineCount()).isEqualTo(1);
    assertThat(context.lineBytes()).isEqualTo(6);
    assertThat(context.stored().get("out/a.txt").text()).isEqualTo("hi");
    assertThat(context.workDirectory()).isEqualTo(tmp);
  }

  @Test
  void countsWithoutKeepingLinesWhenAsked() {
    TestBuildContext context = new TestBuildContext(tmp, false);

    context.log().line("one");
    context.log().line("two");

    assertThat(context.lines()).isEmpty();
    assertThat(context.lineCount()).isEqualTo(2);
  }

  @Test
  void refusesAnArtifactStoredTwice() throws IOException {
    TestBuildContext context = new TestBuildContext(tmp);
    context.artifacts().store("a", 0, new ByteArrayInputStream(new byte[0]));

    assertThatThrownBy(
            () -> context.artifacts().store("a", 0, new ByteArrayInputStream(new byte[0])))
        .isInstanceOf(IOException.class)
        .hasMessage("artifact stored twice: a");
  }

  @Test
  void runsTheActionAfterEachArtifact() throws IOException {
    TestBuildContext context = new TestBuildContext(tmp);
    context.afterEachArtifact(context::cancel);

    context.artifacts().store("a", 0, new ByteArrayInputStream(new byte[0]));

    assertThat(context.cancellation().isRequested()).isTrue();
  }

  @Test
  void cancelRunsEachActionOnceAndLateActionsAtOnce() {
    TestBuildContext context = new TestBuildContext(tmp);
    List<String> ran = new ArrayList<>();
    context.cancellation().onRequest(() -> ran.add("early"));
    assertThat(context.cancellation().isRequested()).isFalse();

    context.cancel();
    context.cancel();
    context.cancellation().onRequest(() -> ran.add("late"));

    assertThat(ran).containsExactly("early", "late");
    assertThat(context.cancellation().isRequested()).isTrue();
  }

  @Test
  void awaitFailsWhenTheConditionNeverHolds() {
    assertThatThrownBy(() -> Await.await(Duration.ofMillis(50), () -> false))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not met within");
  }

  @Test
  void awaitPidReadsAPidOnceItsLineIsComplete() throws Exception {
    Path file = tmp.resolve("pid");
    Files.writeString(file, "12", StandardCharsets.UTF_8);
    Thread.ofPlatform().start(() -> write(file, "1234\n"));

    assertThat(Await.awaitPid(file, Duration.ofSeconds(30))).isEqualTo(1234);
  }

  @Test
  void ourOwnProcessIsAliveAndAFinishedOneIsNot() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();

    assertThat(Await.isAlive(ProcessHandle.current().pid())).isTrue();
    assertThat(Await.isAlive(done.pid())).isFalse();
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

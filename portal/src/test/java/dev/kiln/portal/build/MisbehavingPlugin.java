package dev.kiln.portal.build;

import dev.kiln.portal.plugin.TestPluginJars;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A builder plugin that misbehaves as each build's script says, for {@link MisbehavingBuilderIT}.
 * It tells the test what it saw through system properties named {@code misbehaving.<what>.<build
 * id>}, since it lives in its own class loader; the property {@value #RELEASE} lets hanging builds
 * go.
 *
 * <p>Scripts: {@code exit N}, {@code throw-runtime}, {@code throw-stack-overflow}, {@code
 * throw-missing-class}, {@code throw-out-of-memory}, {@code return-null}, {@code hang} (ignores
 * cancellation and interrupts until released), {@code flood-threads THREADS LINES}, {@code
 * flood-long-line}, {@code linger} (returns, but a thread of its own keeps writing for a while).
 */
final class MisbehavingPlugin {

  static final String BUILDER_ID = "misbehaving";
  static final String RELEASE = "misbehaving.release";

  private MisbehavingPlugin() {}

  /** Compiles the plugin into {@code plugins/misbehaving.jar}. */
  static Path writeTo(Path plugins) throws IOException {
    return TestPluginJars.plugin(
            "misbehaving-plugin", Map.of("test.misbehaving.MisbehavingBuilder", SOURCE))
        .writeTo(plugins.resolve("misbehaving.jar"));
  }

  private static final String SOURCE =
      """
      package test.misbehaving;

      import dev.kiln.plugin.api.*;
      import java.io.ByteArrayInputStream;
      import java.util.ArrayList;
      import java.util.List;

      @org.pf4j.Extension
      public class MisbehavingBuilder implements Builder {

        public BuilderDescriptor describe() {
          return BuilderDescriptor.available("misbehaving", "Misbehaving", "Does as its script says", List.of());
        }

        public BuildResult run(BuildRequest request, BuildContext context) throws InterruptedException {
          String[] words = request.script().strip().split(" ");
          String id = request.buildId();
          System.setProperty("misbehaving.started." + id, "true");
          switch (words[0]) {
            case "exit":
              context.log().line("hello from build " + id);
              return BuildResult.exited(Integer.parseInt(words[1]));
            case "throw-runtime":
              throw new IllegalStateException("plugin bug");
            case "throw-stack-overflow":
              return recurse(0);
            case "throw-missing-class":
              throw new NoClassDefFoundError("com/example/Gone");
            case "throw-out-of-memory":
              throw new OutOfMemoryError("Java heap space");
            case "return-null":
              return null;
            case "hang":
              while (!Boolean.getBoolean("misbehaving.release")) {
                try {
                  Thread.sleep(50);
                } catch (InterruptedException ignored) {
                  System.setProperty("misbehaving.interrupted." + id, "true");
                }
              }
              return BuildResult.exited(0);
            case "flood-threads":
              flood(context.log(), Integer.parseInt(words[1]), Integer.parseInt(words[2]));
              return BuildResult.exited(0);
            case "flood-long-line":
              context.log().line("x".repeat(200_000_000));
              context.log().line("after the long line");
              return BuildResult.exited(0);
            case "linger":
              linger(id, context);
              return BuildResult.exited(0);
            default:
              throw new IllegalArgumentException("unknown misbehaviour " + words[0]);
          }
        }

        private static BuildResult recurse(int depth) {
          return recurse(depth + 1);
        }

        private static void flood(LogSink log, int threads, int lines) throws InterruptedException {
          List<Thread> started = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            int thread = t;
            started.add(Thread.ofPlatform().start(() -> {
              for (int i = 0; i < lines; i++) {
                log.line("thread " + thread + " line " + i);
              }
            }));
          }
          for (Thread t : started) {
            t.join();
          }
        }

        /** Writes from a thread of its own until well after run has returned, then says how it went. */
        private static void linger(String id, BuildContext context) {
          context.log().line("before return");
          Thread.ofPlatform().start(() -> {
            try {
              Thread.sleep(300);
            } catch (InterruptedException e) {
              return;
            }
            String artifact = "stored";
            for (int i = 0; i < 20; i++) {
              context.log().line("late line " + i);
              context.log().notice("late notice " + i);
              try {
                byte[] bytes = "late".getBytes();
                context.artifacts().store("late-" + i + ".txt", bytes.length, new ByteArrayInputStream(bytes));
              } catch (Exception e) {
                artifact = e.getMessage();
              }
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                break;
              }
            }
            System.setProperty("misbehaving.cancelled-after-return." + id,
                String.valueOf(context.cancellation().isRequested()));
            System.setProperty("misbehaving.late-artifact." + id, artifact);
          });
        }
      }
      """;
}

package dev.kiln.builder.local;

import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Path;

/**
 * Runs one build with the Local shell builder in a JVM of its own, so a test can run Kiln as
 * another user, or kill its JVM: {@code java ... BuildInAnotherJvm WORK_DIRECTORY SCRIPT}. Prints
 * {@code LINE}, {@code NOTICE}, then {@code EXIT} lines, or {@code UNAVAILABLE} and the reason.
 */
final class BuildInAnotherJvm {

  private BuildInAnotherJvm() {}

  public static void main(String[] args) throws Exception {
    LocalBuilder builder = new LocalBuilder();
    String unavailable = builder.describe().unavailableReason();
    if (unavailable != null) {
      System.out.println("UNAVAILABLE " + unavailable);
      return;
    }
    TestBuildContext context = new TestBuildContext(Path.of(args[0]));
    BuildResult result = builder.run(Builds.request(args[1]), context);
    context.lines().forEach(line -> System.out.println("LINE " + line));
    context.notices().forEach(notice -> System.out.println("NOTICE " + notice));
    System.out.println("EXIT " + result.exitCode());
  }
}

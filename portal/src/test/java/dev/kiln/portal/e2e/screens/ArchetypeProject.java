package dev.kiln.portal.e2e.screens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A builder project generated from {@code kiln-builder-archetype} and built with Kiln's own {@code
 * ./mvnw} (so its JDK), offline, as a plugin author would. Nothing is installed into the user's
 * Maven repository: the Kiln artifacts this reactor just built are copied into a repository of the
 * test's own, and the user's repository is only read, as Maven's "tail" (it holds pf4j, JUnit and
 * the Maven plugins, which the reactor's build has fetched already).
 */
final class ArchetypeProject {

  private static final Duration MAVEN_LIMIT = Duration.ofMinutes(5);

  private final Path kilnRoot = Path.of(System.getProperty("kiln.test.root", "..")).normalize();
  private final String version = System.getProperty("kiln.test.version", "0.1.0-SNAPSHOT");
  private final Path userRepository =
      Path.of(
          System.getProperty(
              "kiln.test.maven-repository",
              Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
  private final Path work;
  private final Path repository;

  ArchetypeProject(Path work) {
    this.work = work;
    this.repository = work.resolve("repository");
  }

  /** Generates {@code artifactId} from the archetype, builds it with its tests, returns the jar. */
  Path generateAndBuild(String artifactId) throws IOException, InterruptedException {
    publishReactorArtifacts();
    Path parent = Files.createDirectories(work.resolve("generated"));
    maven(
        parent,
        "org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate",
        "-DarchetypeGroupId=dev.kiln",
        "-DarchetypeArtifactId=kiln-builder-archetype",
        "-DarchetypeVersion=" + version,
        "-DarchetypeCatalog=local",
        "-DgroupId=org.example.kiln",
        "-DartifactId=" + artifactId,
        "-Dversion=1.0.0",
        "-Dpackage=org.example.kiln.limited");
    Path project = parent.resolve(artifactId);
    maven(project, "package");
    return project.resolve("target").resolve(artifactId + "-1.0.0.jar");
  }

  /** Lays out the reactor's jars and poms as a Maven repository would hold them. */
  private void publishReactorArtifacts() throws IOException {
    publish("kiln-parent", kilnRoot.resolve("pom.xml"), null);
    publish("kiln-plugin-api", "plugin-api");
    publish("kiln-plugin-support", "plugin-support");
    publish("kiln-plugin-testkit", "plugin-testkit");
    publish("kiln-builder-archetype", "plugin-archetype");
  }

  private void publish(String artifactId, String module) throws IOException {
    Path jar =
        kilnRoot.resolve(module).resolve("target").resolve(artifactId + "-" + version + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "No " + jar + ": run ./mvnw verify, which builds " + module + " before the portal.");
    }
    publish(artifactId, kilnRoot.resolve(module).resolve("pom.xml"), jar);
  }

  private void publish(String artifactId, Path pom, Path jar) throws IOException {
    Path folder =
        Files.createDirectories(
            repository.resolve("dev/kiln").resolve(artifactId).resolve(version));
    String base = artifactId + "-" + version;
    Files.copy(pom, folder.resolve(base + ".pom"));
    if (jar != null) {
      Files.copy(jar, folder.resolve(base + ".jar"));
    }
  }

  private void maven(Path directory, String... goals) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(kilnRoot.resolve("mvnw").toAbsolutePath().toString());
    command.addAll(
        List.of(
            "-B",
            "-o",
            "--no-transfer-progress",
            "-Dmaven.repo.local=" + repository.toAbsolutePath(),
            "-Dmaven.repo.local.tail=" + userRepository.toAbsolutePath()));
    command.addAll(List.of(goals));
    Path log = work.resolve("maven-" + directory.getFileName() + ".log");
    Process maven =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!maven.waitFor(MAVEN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      maven.destroyForcibly();
      throw new AssertionError("Maven did not finish within " + MAVEN_LIMIT + ": " + tail(log));
    }
    if (maven.exitValue() != 0) {
      throw new AssertionError(
          "Maven " + String.join(" ", goals) + " failed (" + maven.exitValue() + "): " + tail(log));
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}

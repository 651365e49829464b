package dev.kiln.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No Java file under any module's {@code src/main/java} is longer than {@value #MAX_LINES} lines,
 * so a class that does two jobs is split before it grows a third.
 *
 * <p>A file's size is all its lines, as {@code wc -l} counts them: package, imports, Javadoc and
 * blank lines included. That is what a reader scrolls through, it cannot be argued with, and a
 * class whose imports alone push it over the limit talks to too many others anyway.
 *
 * <p>Every {@code src/main/java} folder of the repository is walked (found from the folder holding
 * {@code mvnw}, above the portal's working folder), so a new module is covered without a change
 * here; {@code target} folders are not. {@link #ALLOWED} lists the few files that may be longer,
 * each with why; an entry fails the test once its file is gone or is no longer too long, so the
 * list cannot keep excuses nobody needs.
 */
class ClassSizeTest {

  static final int MAX_LINES = 250;

  /** Files that may be longer, by path from the repository's root, with why. */
  static final Map<String, String> ALLOWED =
      Map.of(
          "plugin-api/src/main/java/dev/kiln/plugin/api/ToolVariables.java",
          "a data table: the variables common tools read, one group per tool, each citing its"
              + " manual; no logic to split, and one table is easier to check against the manuals");

  @Test
  void noMainClassIsOverTheLimit() throws IOException {
    Path root = repositoryRoot();
    Map<String, Integer> tooLong = tooLong(root);
    List<String> offenders = new ArrayList<>();
    tooLong.forEach(
        (path, lines) -> {
          if (!ALLOWED.containsKey(path)) {
            offenders.add(path + ": " + lines + " lines");
          }
        });
    assertThat(offenders)
        .as(
            "Java files under src/main/java longer than %d lines. Split each by job: find the"
                + " two or more things it does and give each its own class whose name and Javadoc"
                + " say that one job (not a Helper or Utils).",
            MAX_LINES)
        .isEmpty();
  }

  @Test
  void everyAllowedFileIsStillTooLong() throws IOException {
    Path root = repositoryRoot();
    Map<String, Integer> tooLong = tooLong(root);
    List<String> stale = new ArrayList<>();
    for (String path : new TreeMap<>(ALLOWED).keySet()) {
      if (!Files.isRegularFile(root.resolve(path))) {
        stale.add(path + ": no such file");
      } else if (!tooLong.containsKey(path)) {
        stale.add(path + ": " + lines(root.resolve(path)) + " lines, within the limit");
      }
    }
    assertThat(stale)
        .as("Entries of ClassSizeTest.ALLOWED that no longer excuse anything: remove them")
        .isEmpty();
  }

  /** The files over the limit, by path from the root with forward slashes, in order. */
  private static Map<String, Integer> tooLong(Path root) throws IOException {
    Map<String, Integer> tooLong = new TreeMap<>();
    for (Path sources : mainSourceFolders(root)) {
      try (Stream<Path> files = Files.walk(sources)) {
        files
            .filter(f -> f.toString().endsWith(".java") && Files.isRegularFile(f))
            .forEach(
                f -> {
                  int lines = lines(f);
                  if (lines > MAX_LINES) {
                    tooLong.put(root.relativize(f).toString().replace('\\', '/'), lines);
                  }
                });
      }
    }
    return tooLong;
  }

  private static List<Path> mainSourceFolders(Path root) throws IOException {
    Path mainJava = Path.of("src", "main", "java");
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            if (!dir.equals(root) && holdsNoSources(dir.getFileName().toString())) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (dir.endsWith(mainJava)) {
              found.add(dir);
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }
        });
    assertThat(found).as("src/main/java folders under %s", root).isNotEmpty();
    return found;
  }

  /** Build output, dependencies and hidden folders (.git, .mvn) hold no sources of Kiln's. */
  private static boolean holdsNoSources(String folder) {
    return folder.equals("target") || folder.equals("node_modules") || folder.startsWith(".");
  }

  private static int lines(Path file) {
    try {
      return Files.readAllLines(file).size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The folder holding {@code mvnw}: the portal's working folder or one above it. */
  private static Path repositoryRoot() {
    Path start = Path.of("").toAbsolutePath();
    for (Path here = start; here != null; here = here.getParent()) {
      if (Files.isRegularFile(here.resolve("mvnw"))) {
        return here;
      }
    }
    throw new IllegalStateException(
        "ClassSizeTest needs the repository's root: no folder holding mvnw at or above " + start);
  }
}

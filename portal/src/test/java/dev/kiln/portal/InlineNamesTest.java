package dev.kiln.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No Java source in the repository writes a fully qualified class name in its code where an import
 * would do: {@code java.util.List.of()} inline makes a reader stop, and hides what a class depends
 * on from its imports. A qualified name stays allowed where the simple name is taken in that file:
 * by an import of another class, by a type the file declares, or by a class of the file's own
 * package. Comments, string literals and text blocks are not read, nor are import and package
 * lines. Bytecode keeps no trace of how a name was written, so this reads the sources.
 */
class InlineNamesTest {

  /** A qualified type name: a package in one of these roots, then a capitalised simple name. */
  private static final Pattern QUALIFIED =
      Pattern.compile(
          "(?<![\\w.])((?:java|javax|jakarta|org|com|dev|io|software|net|tools)"
              + "(?:\\.[a-z][a-z0-9_]*)+)\\.([A-Z]\\w*)");

  private static final Pattern IMPORT = Pattern.compile("import\\s+([\\w.]+)\\.(\\w+)\\s*;");
  private static final Pattern DECLARED =
      Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");
  private static final Pattern STRING =
      Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'])'");

  @Test
  void noQualifiedNameWhereAnImportWouldDo() throws IOException {
    Path root = repositoryRoot();
    List<String> found = new ArrayList<>();
    for (Path source : javaSources(root)) {
      String text = Files.readString(source);
      Predicate<String> sibling = name -> Files.exists(source.resolveSibling(name + ".java"));
      for (String problem : problems(text, sibling)) {
        found.add(root.relativize(source) + ":" + problem);
      }
    }
    assertThat(found)
        .as(
            "qualified class names written inline where an import would do: import the class and"
                + " use its simple name")
        .isEmpty();
  }

  /** The check can fail, and leaves alone the names it must leave alone. */
  @Test
  void reportsAnInlineNameAndSparesClashesCommentsAndStrings() {
    String source =
        """
        package dev.kiln.sample;

        import java.util.List;
        import org.other.Duration;

        /** Uses {@link java.util.Map} in a comment, which is fine. */
        class Sample {
          java.util.Map<String, String> inline = java.util.Map.of();
          java.time.Duration clash = java.time.Duration.ZERO;
          String text = "java.util.Set is only text";
          dev.kiln.sample.Sibling own;
          dev.kiln.other.Sibling other;
          java.util.List<String> redundant;
          String block = \"""
              java.util.Optional in a text block
              \""";
          // java.util.Set in a line comment
          record Inner(java.nio.file.Path path) {}
        }
        """;
    assertThat(problems(source, name -> name.equals("Sibling")))
        .containsExactly(
            "8: java.util.Map",
            "8: java.util.Map",
            "11: dev.kiln.sample.Sibling",
            "13: java.util.List",
            "18: java.nio.file.Path");
  }

  /**
   * The qualified names in {@code source} that an import would replace, as {@code "line: name"}.
   * {@code sibling} says whether the file's own package has a class of that simple name.
   */
  static List<String> problems(String source, Predicate<String> sibling) {
    String[] lines = source.split("\n", -1);
    String ownPackage = "";
    Map<String, String> imports = new HashMap<>();
    Set<String> declared = new HashSet<>();
    Matcher typeNames = DECLARED.matcher(source);
    while (typeNames.find()) {
      declared.add(typeNames.group(1));
    }
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.startsWith("package ")) {
        ownPackage = trimmed.substring(8).replace(";", "").strip();
      }
      Matcher imported = IMPORT.matcher(trimmed);
      if (imported.matches() && !trimmed.startsWith("import static")) {
        imports.put(imported.group(2), imported.group(1));
      }
    }
    List<String> problems = new ArrayList<>();
    boolean inComment = false;
    boolean inTextBlock = false;
    for (int i = 0; i < lines.length; i++) {
      String trimmed = lines[i].strip();
      if (trimmed.startsWith("import ") || trimmed.startsWith("package ")) {
        continue;
      }
      StringBuilder code = new StringBuilder();
      String line = lines[i];
      int at = 0;
      while (at < line.length()) {
        if (inTextBlock) {
          int end = line.indexOf("\"\"\"", at);
          while (end > 0 && line.charAt(end - 1) == '\\') {
            end = line.indexOf("\"\"\"", end + 3);
          }
          if (end < 0) {
            break;
          }
          inTextBlock = false;
          at = end + 3;
        } else if (inComment) {
          int end = line.indexOf("*/", at);
          if (end < 0) {
            break;
          }
          inComment = false;
          at = end + 2;
        } else if (line.startsWith("\"\"\"", at)) {
          inTextBlock = true;
          at += 3;
        } else if (line.startsWith("/*", at)) {
          inComment = true;
          at += 2;
        } else if (line.startsWith("//", at)) {
          break;
        } else {
          Matcher string = STRING.matcher(line).region(at, line.length());
          if (string.lookingAt()) {
            code.append(" ");
            at = string.end();
          } else {
            code.append(line.charAt(at++));
          }
        }
      }
      Matcher qualified = QUALIFIED.matcher(code);
      while (qualified.find()) {
        String pkg = qualified.group(1);
        String name = qualified.group(2);
        String importedFrom = imports.get(name);
        boolean taken =
            importedFrom != null
                ? !importedFrom.equals(pkg)
                : declared.contains(name) || !pkg.equals(ownPackage) && sibling.test(name);
        if (!taken) {
          problems.add((i + 1) + ": " + pkg + "." + name);
        }
      }
    }
    return problems;
  }

  private static List<Path> javaSources(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !root.relativize(f).toString().contains("target/"))
          .filter(
              f -> {
                String path = root.relativize(f).toString();
                return path.contains("src/main/java/") || path.contains("src/test/java/");
              })
          .sorted()
          .toList();
    }
  }

  /** The folder holding {@code mvnw}: the test runs in portal/, one below it. */
  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    while (here != null && !Files.exists(here.resolve("mvnw"))) {
      here = here.getParent();
    }
    if (here == null) {
      throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
    }
    return here;
  }
}

package dev.kiln.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type of the plugin API says how stable it is and since which API version it exists,
 * so a plugin author knows what a minor version may change; the compatibility check relies on the
 * annotation to skip experimental types.
 */
class ApiStabilityTest {

  private static final Path CLASSES = Path.of("target/classes/dev/kiln/plugin/api");
  private static final Path SOURCES = Path.of("src/main/java/dev/kiln/plugin/api");

  /** The API versions there have been; a type's {@code @since} names one of them. */
  private static final List<String> VERSIONS = List.of("1.0", "1.1", "1.2", "1.3", "1.4");

  private static final Pattern PUBLIC_TYPE =
      Pattern.compile(
          "public (?:static )?(?:final )?(?:abstract )?(?:record|class|interface|enum|@interface)"
              + " (\\w+)");
  private static final Pattern DOCUMENTED_TYPE =
      Pattern.compile(
          "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*" + PUBLIC_TYPE.pattern(),
          Pattern.DOTALL);
  private static final Pattern SINCE = Pattern.compile("\\n\\s*\\* @since (\\S+)\\n");
  private static final Pattern ANY_SINCE = Pattern.compile("@since (\\S+)");

  @Test
  void everyPublicTypeIsStableOrExperimental() throws Exception {
    List<String> unmarked = new ArrayList<>();
    for (Class<?> type : publicTypes()) {
      boolean stable = type.isAnnotationPresent(Stable.class);
      boolean experimental = type.isAnnotationPresent(Experimental.class);
      if (stable == experimental) {
        unmarked.add(type.getName());
      }
    }
    assertThat(unmarked)
        .as("public API types need exactly one of @Stable and @Experimental")
        .isEmpty();
  }

  @Test
  void everyPublicTypeSaysSinceWhichApiVersion() throws IOException {
    List<String> problems = new ArrayList<>();
    int types = 0;
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        long declared = PUBLIC_TYPE.matcher(source).results().count();
        List<MatchResult> documented = DOCUMENTED_TYPE.matcher(source).results().toList();
        types += (int) declared;
        if (documented.size() != declared) {
          problems.add(file.getFileName() + ": a public type without Javadoc");
        }
        for (MatchResult type : documented) {
          Matcher since = SINCE.matcher(type.group(1));
          if (!since.find() || !VERSIONS.contains(since.group(1))) {
            problems.add(type.group(2) + ": no @since naming one of " + VERSIONS);
          }
        }
      }
    }
    assertThat(types).as("public types found in %s", SOURCES).isGreaterThan(20);
    assertThat(problems).isEmpty();
  }

  /**
   * A member tagged {@code @since 1.4} needs 1.4 in {@link #VERSIONS}, which needs the build to
   * offer 1.4: an addition cannot ship without its minor version.
   */
  @Test
  void theNewestSinceIsTheApiVersionTheBuildOffers() throws IOException {
    List<String> tags = new ArrayList<>();
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path file : files.toList()) {
        ANY_SINCE.matcher(Files.readString(file)).results().forEach(m -> tags.add(m.group(1)));
      }
    }
    assertThat(tags).isNotEmpty().allMatch(VERSIONS::contains);
    String offered = System.getProperty("kiln.plugin-api.version", "");
    assertThat(offered).as("kiln.plugin-api.version, set by the pom for this test").isNotBlank();
    assertThat(offered).startsWith(VERSIONS.getLast() + ".");
  }

  /** The compatibility check may skip only what plugins were told may change. */
  @Test
  void theCompatibilityCheckSkipsOnlyExperimentalTypes() throws Exception {
    Matcher exclude =
        Pattern.compile("<exclude>(dev\\.kiln\\.[\\w.]+)</exclude>")
            .matcher(Files.readString(Path.of("pom.xml")));
    List<String> skipped = new ArrayList<>();
    while (exclude.find()) {
      skipped.add(exclude.group(1));
    }
    assertThat(skipped).isNotEmpty();
    for (String name : skipped) {
      assertThat(Class.forName(name).isAnnotationPresent(Experimental.class))
          .as("%s is skipped by japicmp in pom.xml but not @Experimental", name)
          .isTrue();
    }
  }

  private static List<Class<?>> publicTypes() throws Exception {
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.list(CLASSES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = file.getFileName().toString().replace(".class", "");
        Class<?> type = Class.forName("dev.kiln.plugin.api." + name);
        if (isPublic(type) && !type.isAnonymousClass() && !type.isSynthetic()) {
          types.add(type);
        }
      }
    }
    assertThat(types).as("classes found in %s", CLASSES).hasSizeGreaterThan(20);
    return types;
  }

  private static boolean isPublic(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers())) {
        return false;
      }
    }
    return true;
  }
}

package dev.kiln.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java names the docs give in code spans exist in the sources, so a rename or a removal that
 * leaves a doc behind fails the build: {@code `BuildExecutor`} (a type, two or more capitalised
 * words), {@code `ProjectService.trigger`} (a member of a type, with or without its arguments),
 * {@code `check()`} (a method, with its parentheses), {@code `markRunning`} (a bare lower camel
 * case name: a method or field) and {@code `KilnApplication.java`} (a type's source file). Fenced
 * code blocks are not read: they hold shell, SQL and YAML.
 */
class DocsNamesTest {

  /** Code spans that look like Java names but are not, with why. */
  private static final Map<String, String> NOT_JAVA =
      Map.ofEntries(
          Map.entry("PostgreSQL", "the database"),
          Map.entry("PutObject", "an S3 API operation"),
          Map.entry("HttpOnly", "a cookie attribute"),
          Map.entry("VmRSS", "a field of /proc/PID/status"),
          Map.entry("AcceptEnv", "an sshd_config option"),
          Map.entry("ClientAliveInterval", "an sshd_config option"),
          Map.entry("ClientAliveCountMax", "an sshd_config option"),
          Map.entry("LogStore", "DESIGN.md's name, which the docs contrast with the code's"),
          Map.entry("ArtifactStore", "DESIGN.md's name, which the docs contrast with the code's"),
          Map.entry("getPathMatcher(\"glob:…\")", "the JDK's FileSystem method"),
          Map.entry("groupId", "a Maven POM element"),
          Map.entry("kilnVersion", "a property of the plugin archetype"),
          Map.entry("artifactId", "a Maven POM element"),
          Map.entry("annotationProcessorPaths", "a Maven POM element"),
          Map.entry("lockOnInsert", "a Quartz property (org.quartz.jobStore.lockOnInsert)"),
          Map.entry("idleWaitTime", "a Quartz property (org.quartz.scheduler.idleWaitTime)"),
          Map.entry(
              "batchTriggerAcquisitionMaxCount",
              "a Quartz property (org.quartz.scheduler.batchTriggerAcquisitionMaxCount)"),
          Map.entry("encodeURIComponent", "a JavaScript function"),
          Map.entry("encodeURI", "a JavaScript function"));

  private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern TYPE = Pattern.compile("[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+");
  private static final Pattern MEMBER_OF_TYPE =
      Pattern.compile("([A-Z][A-Za-z0-9]*)[.#]([A-Za-z_][A-Za-z0-9_]*)(?:\\(.*\\))?");
  private static final Pattern METHOD = Pattern.compile("([a-z][A-Za-z0-9]*)\\(.*\\)");

  /** A bare lower-camel-case name such as {@code markRunning}: a method or a field. */
  private static final Pattern LOWER_CAMEL = Pattern.compile("[a-z]+[A-Z][A-Za-z0-9]*");

  /** A file named after its type: {@code KilnApplication.java}. */
  private static final Pattern JAVA_FILE = Pattern.compile("(?:[\\w./-]*/)?([A-Z]\\w*)\\.java");

  /** Another file, such as {@code DESIGN.md}: not a member of a type. */
  private static final Pattern OTHER_FILE =
      Pattern.compile("[\\w./-]+\\.(?:md|yml|yaml|xml|sql|json|sh)");

  private static final Path ROOT = repositoryRoot();

  @Test
  void everyJavaNameInTheDocsExists() throws IOException {
    SourceNames sources = SourceNames.of(ROOT);
    List<String> missing = new ArrayList<>();
    for (Path doc : docs()) {
      List<String> lines = Files.readAllLines(doc);
      boolean fenced = false;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).strip().startsWith("```")) {
          fenced = !fenced;
          continue;
        }
        Matcher span = CODE_SPAN.matcher(fenced ? "" : lines.get(i));
        while (span.find()) {
          String name = span.group(1).strip();
          String where = ROOT.relativize(doc) + ":" + (i + 1) + ": `" + name + "` ";
          problem(sources, name).ifPresent(p -> missing.add(where + p));
        }
      }
    }
    assertThat(missing)
        .as(
            "names in the docs that the sources do not declare: rename them in the doc, or, for a"
                + " name that is not Java, add it to DocsNamesTest.NOT_JAVA with the reason")
        .isEmpty();
  }

  /** The check itself can fail: each kind of name is looked up, and only Java-looking spans. */
  @Test
  void aNameTheSourcesDoNotHaveIsReportedWithWhatIsMissing() {
    SourceNames sources = SourceNames.of(ROOT);
    assertThat(problem(sources, "SourceNames.knowsType")).isEmpty();
    assertThat(problem(sources, "SourceNames.knowsType(name)")).isEmpty();
    assertThat(problem(sources, "SourceNames.gone()"))
        .hasValue("names gone, which SourceNames does not declare");
    assertThat(problem(sources, "SourceNames")).isEmpty();
    assertThat(problem(sources, "SourceNamez"))
        .hasValue("names a type that no source declares or imports");
    assertThat(problem(sources, "Gone.knowsType"))
        .hasValue("names the type Gone, which no source declares or imports");
    assertThat(problem(sources, "knowsType()")).isEmpty();
    assertThat(problem(sources, "knowsTypes()"))
        .hasValue("names a method that no source declares or calls");
    assertThat(problem(sources, "knowsTypes"))
        .hasValue("names a method or field that no source declares or calls");
    assertThat(problem(sources, "SourceNamez.java"))
        .hasValue("names a source file of a type that no source declares");
    assertThat(problem(sources, "KILN_DATA_DIR")).as("not a Java name").isEmpty();
    assertThat(problem(sources, "./mvnw -Pbenchmark verify")).as("not a Java name").isEmpty();
  }

  /** What is wrong with a code span, if it names Java that the sources do not have. */
  static Optional<String> problem(SourceNames sources, String span) {
    if (NOT_JAVA.containsKey(span)) {
      return Optional.empty();
    }
    Matcher javaFile = JAVA_FILE.matcher(span);
    if (javaFile.matches()) {
      return sources.knowsType(javaFile.group(1))
          ? Optional.empty()
          : Optional.of("names a source file of a type that no source declares");
    }
    if (OTHER_FILE.matcher(span).matches()) {
      return Optional.empty();
    }
    Matcher member = MEMBER_OF_TYPE.matcher(span);
    if (member.matches()) {
      String type = member.group(1);
      if (!sources.knowsType(type)) {
        return Optional.of("names the type " + type + ", which no source declares or imports");
      }
      return sources.knowsMember(type, member.group(2))
          ? Optional.empty()
          : Optional.of("names " + member.group(2) + ", which " + type + " does not declare");
    }
    if (TYPE.matcher(span).matches()) {
      return sources.knowsType(span)
          ? Optional.empty()
          : Optional.of("names a type that no source declares or imports");
    }
    if (LOWER_CAMEL.matcher(span).matches()) {
      return sources.knowsMember(span)
          ? Optional.empty()
          : Optional.of("names a method or field that no source declares or calls");
    }
    Matcher method = METHOD.matcher(span);
    if (method.matches()) {
      return sources.knowsMember(method.group(1))
          ? Optional.empty()
          : Optional.of("names a method that no source declares or calls");
    }
    return Optional.empty();
  }

  private static List<Path> docs() throws IOException {
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      List<Path> all =
          new ArrayList<>(docs.filter(d -> d.toString().endsWith(".md")).sorted().toList());
      all.add(ROOT.resolve("README.md"));
      return all;
    }
  }

  /** The folder holding README.md and docs/: the test runs in portal/, one below it. */
  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    while (here != null && !Files.isDirectory(here.resolve("docs"))) {
      here = here.getParent();
    }
    if (here == null) {
      throw new IllegalStateException("no docs/ folder above " + Path.of("").toAbsolutePath());
    }
    return here;
  }
}

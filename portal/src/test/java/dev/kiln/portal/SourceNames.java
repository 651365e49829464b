package dev.kiln.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java names a repository's sources declare or import, read from the text of every {@code
 * src/main/java} and {@code src/test/java} tree of every module: types, and per type the members
 * (methods, fields, constants, record components, nested types) its files declare. Read with
 * patterns, not a parser: good enough to tell a name in the docs that exists from one that does
 * not.
 */
final class SourceNames {

  private static final Pattern TYPE =
      Pattern.compile("\\b(?:class|interface|enum|record|@interface)\\s+([A-Z]\\w*)");
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import\\s+(?:static\\s+)?[\\w.]*\\.(\\w+)\\s*;");
  private static final String MODIFIERS =
      "(?:(?:public|protected|private|static|final|abstract|default|synchronized|native|sealed|non-sealed)\\s+)*";

  /** A method or a field: modifiers, a type, the name, then "(", "=" or ";". */
  private static final Pattern MEMBER =
      Pattern.compile(
          "(?m)^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s+)*"
              + MODIFIERS
              + "(?:<[^>]+>\\s+)?(?!return\\b|new\\b|throw\\b|else\\b|case\\b)[\\w.<>\\[\\]?]+(?:<[^;{}()=]*>)?(?:\\[\\])*\\s+(\\w+)\\s*[(=;]");

  private static final Pattern INVOCATION = Pattern.compile("\\.(\\w+)\\s*\\(");
  private static final Pattern ENUM_CONSTANT =
      Pattern.compile("(?m)^\\s*([A-Z][A-Z0-9_]*)\\s*[,(;]");
  private static final Pattern RECORD_HEADER =
      Pattern.compile("\\brecord\\s+\\w+\\s*(?:<[^>]*>)?\\s*\\(");

  private final Map<String, Set<String>> membersByType = new HashMap<>();
  private final Set<String> imported = new HashSet<>();
  private final Set<String> invoked = new HashSet<>();

  private SourceNames() {}

  /** Reads every Java source under {@code root}, skipping build output and dependencies. */
  static SourceNames of(Path root) {
    var names = new SourceNames();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .filter(f -> inSourceTree(root.relativize(f).toString()))
          .forEach(names::read);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  private static boolean inSourceTree(String path) {
    return (path.contains("src/main/java/") || path.contains("src/test/java/"))
        && !path.contains("/target/")
        && !path.contains("node_modules/");
  }

  private void read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> members = new HashSet<>();
    collect(MEMBER, text, members);
    collect(ENUM_CONSTANT, text, members);
    collect(TYPE, text, members);
    members.addAll(recordComponents(text));
    Matcher type = TYPE.matcher(text);
    while (type.find()) {
      membersByType.computeIfAbsent(type.group(1), t -> new HashSet<>()).addAll(members);
    }
    collect(IMPORT, text, imported);
    collect(INVOCATION, text, invoked);
  }

  private static void collect(Pattern pattern, String text, Set<String> into) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      into.add(m.group(1));
    }
  }

  /** The names in each record header: {@code record Point(int x, Map<K, V> y)} gives x and y. */
  private static List<String> recordComponents(String text) {
    var names = new ArrayList<String>();
    Matcher header = RECORD_HEADER.matcher(text);
    while (header.find()) {
      int depth = 0;
      var component = new StringBuilder();
      for (int i = header.end(); i < text.length(); i++) {
        char c = text.charAt(i);
        if ((c == ',' || c == ')') && depth == 0) {
          String[] words = component.toString().strip().split("\\s+");
          names.add(words[words.length - 1]);
          component.setLength(0);
          if (c == ')') {
            break;
          }
          continue;
        }
        depth += c == '<' || c == '(' ? 1 : c == '>' || c == ')' ? -1 : 0;
        component.append(c);
      }
    }
    return names;
  }

  /** Whether the sources declare this type, import it, or it is one of {@code java.lang}'s. */
  boolean knowsType(String name) {
    return membersByType.containsKey(name) || imported.contains(name) || isJavaLang(name);
  }

  /**
   * Whether {@code member} is declared by the type (in any of the files that declare a type of that
   * name). A type the sources only import is not read, so any member of it passes.
   */
  boolean knowsMember(String type, String member) {
    Set<String> members = membersByType.get(type);
    return members == null ? knowsType(type) : members.contains(member);
  }

  /**
   * Whether some source declares a method, field or record component of this name, or calls a
   * method of this name (one of a library's, such as Quartz's {@code resumeTrigger}).
   */
  boolean knowsMember(String member) {
    return invoked.contains(member)
        || membersByType.values().stream().anyMatch(m -> m.contains(member));
  }

  private static boolean isJavaLang(String name) {
    try {
      Class.forName("java.lang." + name);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}

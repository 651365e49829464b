package dev.kiln.plugin.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a glob the way the JDK's {@code FileSystems.getDefault().getPathMatcher("glob:" + p)} does
 * on Unix, step for step, so that every pattern keeps the meaning it had when builders used the JDK
 * matcher. The JDK turns the glob into a regular expression and lets {@code java.util.regex} match
 * it, which backtracks; here the same reading yields a tree of {@link Node}s that {@link Glob}
 * compiles to an automaton.
 *
 * <p>Two things still go through {@code java.util.regex}, neither of which can backtrack: the whole
 * translated expression is compiled once (never matched), so that exactly the patterns the JDK
 * refused are refused; and each {@code [...]} class is compiled as the JDK writes it and asked
 * about one character at a time, so that ranges, negation and the JDK's quirks inside classes stay
 * exact.
 */
final class GlobParser {

  private static final String REGEX_META = ".^$+{[]|()";
  private static final String GLOB_META = "\\*?[{";
  private static final char EOL = 0;

  /** A piece of a glob. */
  sealed interface Node {}

  /** One character (a code point), literally. */
  record Literal(int codePoint) implements Node {}

  /** {@code ?}: one character other than {@code /}. */
  record AnyInName() implements Node {}

  /** {@code [...]}: one character (never {@code /}) the class accepts. */
  record CharClass(IntPredicate accepts) implements Node {}

  /** {@code *} (within a name) or {@code **} (across {@code /}): any number of characters. */
  record Repeat(boolean crossesFolders) implements Node {}

  /** {@code {a,b}}: one of the alternatives, each a sequence without groups. */
  record Group(List<List<Node>> alternatives) implements Node {}

  private final String glob;
  private final StringBuilder regex = new StringBuilder("^");
  private final List<Node> top = new ArrayList<>();
  private List<List<Node>> alternatives;
  private List<Node> current = top;
  private int i;

  private GlobParser(String glob) {
    this.glob = glob;
  }

  /**
   * The glob's pieces, in order.
   *
   * @throws PatternSyntaxException for exactly the globs the JDK refuses, saying why
   */
  static List<Node> parse(String glob) {
    GlobParser parser = new GlobParser(glob);
    parser.read();
    return parser.top;
  }

  private void read() {
    while (i < glob.length()) {
      char c = glob.charAt(i++);
      switch (c) {
        case '\\' -> escaped();
        case '[' -> charClass();
        case '{' -> openGroup();
        case '}' -> {
          if (alternatives != null) {
            regex.append("))");
            top.add(new Group(alternatives));
            alternatives = null;
            current = top;
          } else {
            literal(c);
          }
        }
        case ',' -> {
          if (alternatives != null) {
            regex.append(")|(?:");
            current = new ArrayList<>();
            alternatives.add(current);
          } else {
            literal(c);
          }
        }
        case '*' -> {
          boolean twice = next(i) == '*';
          i += twice ? 1 : 0;
          regex.append(twice ? ".*" : "[^/]*");
          current.add(new Repeat(twice));
        }
        case '?' -> {
          regex.append("[^/]");
          current.add(new AnyInName());
        }
        default -> literal(c);
      }
    }
    if (alternatives != null) {
      throw new PatternSyntaxException("a { has no matching }", glob, i - 1);
    }
    try {
      Pattern.compile(regex.append('$').toString());
    } catch (PatternSyntaxException e) {
      throw new PatternSyntaxException(
          "it is not a pattern the glob syntax accepts (" + e.getDescription() + ")", glob, -1);
    }
  }

  private void escaped() {
    if (i == glob.length()) {
      throw new PatternSyntaxException("a \\ at the end has nothing to escape", glob, i - 1);
    }
    char next = glob.charAt(i++);
    if (GLOB_META.indexOf(next) >= 0 || REGEX_META.indexOf(next) >= 0) {
      regex.append('\\');
    }
    regex.append(next);
    addLiteral(next);
  }

  private void literal(char c) {
    if (REGEX_META.indexOf(c) >= 0) {
      regex.append('\\');
    }
    regex.append(c);
    addLiteral(c);
  }

  /**
   * Adds a literal; a low surrogate right after a high one makes one code point, as in the regex.
   */
  private void addLiteral(char c) {
    if (Character.isLowSurrogate(c)
        && !current.isEmpty()
        && current.getLast() instanceof Literal last
        && last.codePoint() <= Character.MAX_VALUE
        && Character.isHighSurrogate((char) last.codePoint())) {
      current.set(
          current.size() - 1, new Literal(Character.toCodePoint((char) last.codePoint(), c)));
    } else {
      current.add(new Literal(c));
    }
  }

  private void openGroup() {
    if (alternatives != null) {
      throw new PatternSyntaxException("{...} groups cannot be nested", glob, i - 1);
    }
    regex.append("(?:(?:");
    alternatives = new ArrayList<>();
    current = new ArrayList<>();
    alternatives.add(current);
  }

  /**
   * Reads a class as the JDK does, building the same body for the regex class {@code
   * [[^/]&&[body]]}.
   */
  private void charClass() {
    int start = i - 1;
    StringBuilder body = new StringBuilder();
    if (next(i) == '^') {
      body.append("\\^");
      i++;
    } else {
      if (next(i) == '!') {
        body.append('^');
        i++;
      }
      if (next(i) == '-') {
        body.append('-');
        i++;
      }
    }
    boolean hasRangeStart = false;
    char last = 0;
    char c = '[';
    while (i < glob.length()) {
      c = glob.charAt(i++);
      if (c == ']') {
        break;
      }
      if (c == '/') {
        throw new PatternSyntaxException("a [...] class cannot contain /", glob, i - 1);
      }
      if (c == '\\' || c == '[' || c == '&' && next(i) == '&') {
        body.append('\\');
      }
      body.append(c);
      if (c == '-') {
        if (!hasRangeStart) {
          throw new PatternSyntaxException(
              "a - in [...] must stand between two characters", glob, i - 1);
        }
        if ((c = next(i++)) == EOL || c == ']') {
          break;
        }
        if (c < last) {
          throw new PatternSyntaxException("a range in [...] goes backwards", glob, i - 3);
        }
        body.append(c);
        hasRangeStart = false;
      } else {
        hasRangeStart = true;
        last = c;
      }
    }
    if (c != ']') {
      throw new PatternSyntaxException("a [ has no matching ]", glob, i - 1);
    }
    String cls = "[[^/]&&[" + body + "]]";
    regex.append(cls);
    current.add(new CharClass(classMembership(cls, start)));
  }

  /** Which characters the JDK's class accepts; asked once per character, so it cannot backtrack. */
  private IntPredicate classMembership(String cls, int start) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(cls);
    } catch (PatternSyntaxException e) {
      throw new PatternSyntaxException(
          "the [...] class is not valid (" + e.getDescription() + ")", glob, start);
    }
    boolean[] ascii = new boolean[128];
    for (char c = 0; c < 128; c++) {
      ascii[c] = pattern.matcher(String.valueOf(c)).matches();
    }
    return cp -> cp < 128 ? ascii[cp] : pattern.matcher(Character.toString(cp)).matches();
  }

  private char next(int at) {
    return at < glob.length() ? glob.charAt(at) : EOL;
  }
}

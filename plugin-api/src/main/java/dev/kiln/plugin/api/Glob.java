package dev.kiln.plugin.api;

import dev.kiln.plugin.api.GlobParser.AnyInName;
import dev.kiln.plugin.api.GlobParser.CharClass;
import dev.kiln.plugin.api.GlobParser.Group;
import dev.kiln.plugin.api.GlobParser.Literal;
import dev.kiln.plugin.api.GlobParser.Node;
import dev.kiln.plugin.api.GlobParser.Repeat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * One glob compiled to a nondeterministic automaton by Thompson's construction, and matched by
 * {@link GlobDfa}, which follows every state the automaton can be in at once. Nothing backtracks,
 * so {@code **a**a**a**b} costs no more than {@code *.jar} of the same size.
 */
final class Glob {

  /**
   * {@code **} matches any character, line breaks included: the JDK's stopped at them (its {@code
   * .} without DOTALL), so a file named with a line break escaped {@code dist/**} unnoticed, where
   * Kiln now stores it under a printable name and says so.
   */
  private static final IntPredicate ANY = cp -> true;

  private static final IntPredicate NOT_SLASH = cp -> cp != '/';

  private final int wildcards;
  private final int alternatives;

  /** Per state while building: what character it consumes, or null for one that only leads on. */
  private final List<IntPredicate> consumes = new ArrayList<>();

  /** Per state while building: the state after its character, or where its empty moves lead. */
  private final List<int[]> next = new ArrayList<>();

  private final GlobDfa dfa;

  private Glob(List<Node> nodes) {
    int accept = state(null);
    int start = sequence(nodes, accept);
    this.dfa =
        new GlobDfa(
            consumes.toArray(IntPredicate[]::new), next.toArray(int[][]::new), start, accept);
    int[] counts = new int[2];
    count(nodes, counts);
    this.wildcards = counts[0];
    this.alternatives = counts[1];
  }

  /**
   * Compiles {@code pattern}.
   *
   * @throws java.util.regex.PatternSyntaxException when the JDK's glob syntax refuses it
   */
  static Glob compile(String pattern) {
    return new Glob(GlobParser.parse(pattern));
  }

  /** How many {@code *}, {@code **}, {@code ?} and {@code [...]} the pattern has. */
  int wildcards() {
    return wildcards;
  }

  /** How many alternatives its {@code {...}} groups offer in all. */
  int alternatives() {
    return alternatives;
  }

  /** How many states the automaton has: the work per character of a path is at most this. */
  int states() {
    return consumes.size();
  }

  /** Tells whether the whole of {@code path} matches. */
  boolean matches(String path) {
    return dfa.matches(path, null);
  }

  /**
   * Matches and adds the work done to {@code work[0]}: one unit per character whose step was known
   * already, and one per state visited to work out a new step, so at most {@code states() + 1} per
   * character. The tests hold the matcher to that bound.
   */
  boolean run(String path, long[] work) {
    return dfa.matches(path, work);
  }

  /** Builds {@code nodes} in front of state {@code out}; returns the first state. */
  private int sequence(List<Node> nodes, int out) {
    int first = out;
    for (int k = nodes.size() - 1; k >= 0; k--) {
      first = node(nodes.get(k), first);
    }
    return first;
  }

  private int node(Node node, int out) {
    return switch (node) {
      case Literal literal -> consuming(cp -> cp == literal.codePoint(), out);
      case AnyInName any -> consuming(NOT_SLASH, out);
      case CharClass cls -> consuming(cls.accepts(), out);
      case Repeat repeat -> {
        int loop = state(null);
        int step = consuming(repeat.crossesFolders() ? ANY : NOT_SLASH, loop);
        next.set(loop, new int[] {step, out});
        yield loop;
      }
      case Group group -> {
        int fork = state(null);
        next.set(
            fork,
            group.alternatives().stream()
                .mapToInt(alternative -> sequence(alternative, out))
                .toArray());
        yield fork;
      }
    };
  }

  private int consuming(IntPredicate test, int out) {
    int s = state(test);
    next.set(s, new int[] {out});
    return s;
  }

  private int state(IntPredicate test) {
    consumes.add(test);
    next.add(new int[0]);
    return consumes.size() - 1;
  }

  private static void count(List<Node> nodes, int[] counts) {
    for (Node node : nodes) {
      switch (node) {
        case Repeat r -> counts[0]++;
        case AnyInName a -> counts[0]++;
        case CharClass c -> counts[0]++;
        case Group g -> {
          counts[1] += g.alternatives().size();
          g.alternatives().forEach(alternative -> count(alternative, counts));
        }
        case Literal l -> {}
      }
    }
  }
}

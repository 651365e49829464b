package dev.kiln.plugin.api;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Matches paths with a glob's automaton by following the set of states it can be in, one character
 * at a time (so the work per character is bounded by the automaton's size, whatever the path), and
 * remembers each step it has worked out: a set of states and a character lead to the same set every
 * time. After a few names, matching costs one table look-up per character. The memory is bounded:
 * past {@link #MAX_SETS} sets, new steps are worked out each time instead of remembered.
 */
final class GlobDfa {

  private static final int MAX_SETS = 2_000;

  /** Steps remembered per set for characters outside ASCII. */
  private static final int MAX_OTHER_STEPS = 64;

  private final IntPredicate[] tests;
  private final int[][] edges;
  private final int accept;
  private final Map<Key, StateSet> sets = new HashMap<>();
  private final StateSet start;
  private final int[] seen;
  private final int[] stack;
  private final int[] found;
  private int round;

  /**
   * @param tests per state, the characters it consumes, or null for a state with empty moves only
   * @param edges per state, the state after its character, or the targets of its empty moves
   */
  GlobDfa(IntPredicate[] tests, int[][] edges, int start, int accept) {
    this.tests = tests;
    this.edges = edges;
    this.accept = accept;
    this.seen = new int[tests.length];
    this.stack = new int[tests.length];
    this.found = new int[tests.length];
    round++;
    this.start = set(close(start, 0, null));
  }

  /**
   * Tells whether all of {@code path} matches; adds the work done to {@code work[0]} when given.
   */
  synchronized boolean matches(String path, long[] work) {
    StateSet current = start;
    for (int at = 0; at < path.length() && !current.dead; ) {
      int cp = path.codePointAt(at);
      at += Character.charCount(cp);
      StateSet next = current.step(cp);
      if (next == null) {
        next = current.remember(cp, step(current, cp, work));
      } else if (work != null) {
        work[0]++;
      }
      current = next;
    }
    return current.accepting;
  }

  /** The set after {@code cp}: each state that consumes it, followed by its empty moves. */
  private StateSet step(StateSet from, int cp, long[] work) {
    round++;
    int count = 0;
    for (int s : from.members) {
      if (tests[s] != null && tests[s].test(cp)) {
        count = close(edges[s][0], count, work);
      }
    }
    return set(count);
  }

  /**
   * Adds {@code from} and what its empty moves reach to {@code found}, each state once per round.
   */
  private int close(int from, int count, long[] work) {
    if (seen[from] == round) {
      return count;
    }
    seen[from] = round;
    int depth = 0;
    stack[depth++] = from;
    while (depth > 0) {
      int s = stack[--depth];
      if (work != null) {
        work[0]++;
      }
      if (tests[s] != null || s == accept) {
        found[count++] = s;
        continue;
      }
      for (int t : edges[s]) {
        if (seen[t] != round) {
          seen[t] = round;
          stack[depth++] = t;
        }
      }
    }
    return count;
  }

  /** The set of the first {@code count} states in {@code found}, shared when seen before. */
  private StateSet set(int count) {
    int[] members = Arrays.copyOf(found, count);
    Arrays.sort(members);
    Key key = new Key(members);
    StateSet known = sets.get(key);
    if (known != null) {
      return known;
    }
    StateSet made = new StateSet(members, Arrays.binarySearch(members, accept) >= 0);
    if (sets.size() < MAX_SETS) {
      sets.put(key, made);
    }
    return made;
  }

  /** The states the automaton may be in, with the steps out of them worked out so far. */
  private static final class StateSet {

    final int[] members;
    final boolean accepting;
    final boolean dead;
    private final StateSet[] ascii = new StateSet[128];
    private Map<Integer, StateSet> other;

    StateSet(int[] members, boolean accepting) {
      this.members = members;
      this.accepting = accepting;
      this.dead = members.length == 0;
    }

    StateSet step(int cp) {
      return cp < 128 ? ascii[cp] : other == null ? null : other.get(cp);
    }

    StateSet remember(int cp, StateSet next) {
      if (cp < 128) {
        ascii[cp] = next;
      } else {
        other = other == null ? new HashMap<>() : other;
        if (other.size() < MAX_OTHER_STEPS) {
          other.put(cp, next);
        }
      }
      return next;
    }
  }

  /** A set's members as a map key. */
  private record Key(int[] members) {

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && Arrays.equals(members, key.members);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(members);
    }

    @Override
    public String toString() {
      return Arrays.toString(members);
    }
  }
}

package dev.kiln.portal.build;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds every occurrence of many words in a text in one pass, whatever their number (the
 * Aho-Corasick automaton): a build with a few secrets looks for dozens of their forms in each line
 * of a log that may be gigabytes long. A word may be found by its start alone: it then counts as
 * found once its first {@code min} characters appear. The search also tells how much of the text's
 * end could begin a word, which must wait for more text.
 */
final class NeedleSearch {

  /** Receives each occurrence: the index of the word and where it starts. */
  interface Hit {
    void at(int word, int start);
  }

  private final int[] lengths;
  private int[] depth = new int[1];

  /** Per state: its transitions' characters (sorted) and target states. */
  private char[][] keys = new char[1][0];

  private int[][] targets = new int[1][0];
  private int[] fail;

  /** Per state: the words that end there, its own and those of its failure chain. */
  private int[][] ends;

  private int states = 1;

  /**
   * @param words the words
   * @param mins for each word, how many of its first characters make it found
   */
  NeedleSearch(List<String> words, int[] mins) {
    lengths = mins.clone();
    List<List<Integer>> own = new ArrayList<>(List.of(new ArrayList<>()));
    for (int w = 0; w < words.size(); w++) {
      int state = 0;
      String word = words.get(w);
      for (int i = 0; i < word.length(); i++) {
        int next = next(state, word.charAt(i));
        if (next < 0) {
          next = add(state, word.charAt(i));
          own.add(new ArrayList<>());
        }
        state = next;
        if (i + 1 == mins[w]) {
          own.get(state).add(w);
        }
      }
    }
    link(own);
  }

  /** Words found whole. */
  NeedleSearch(List<String> words) {
    this(words, words.stream().mapToInt(String::length).toArray());
  }

  /**
   * Calls {@code hit} for every occurrence of every word in {@code text} (its first {@code min}
   * characters), in order of their ends.
   *
   * @return how many characters at the end of {@code text} could be the start of a word still
   *     unfinished, the longest such tail; 0 when none
   */
  int search(CharSequence text, Hit hit) {
    int state = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int next;
      while ((next = next(state, c)) < 0 && state != 0) {
        state = fail[state];
      }
      state = Math.max(next, 0);
      for (int word : ends[state]) {
        hit.at(word, i - lengths[word] + 1);
      }
    }
    // The state is the longest end of the text that begins a word; one that is a whole word and
    // begins no longer one need not wait, so look at the next shorter one.
    while (state != 0 && keys[state].length == 0) {
      state = fail[state];
    }
    return depth[state];
  }

  private int next(int state, char c) {
    int i = Arrays.binarySearch(keys[state], c);
    return i < 0 ? -1 : targets[state][i];
  }

  private int add(int state, char c) {
    if (states == keys.length) {
      keys = Arrays.copyOf(keys, states * 2);
      targets = Arrays.copyOf(targets, states * 2);
      depth = Arrays.copyOf(depth, states * 2);
    }
    depth[states] = depth[state] + 1;
    keys[states] = new char[0];
    targets[states] = new int[0];
    int at = -Arrays.binarySearch(keys[state], c) - 1;
    keys[state] = insert(keys[state], at, c);
    int[] grown = new int[targets[state].length + 1];
    System.arraycopy(targets[state], 0, grown, 0, at);
    grown[at] = states;
    System.arraycopy(targets[state], at, grown, at + 1, targets[state].length - at);
    targets[state] = grown;
    return states++;
  }

  private static char[] insert(char[] array, int at, char c) {
    char[] grown = new char[array.length + 1];
    System.arraycopy(array, 0, grown, 0, at);
    grown[at] = c;
    System.arraycopy(array, at, grown, at + 1, array.length - at);
    return grown;
  }

  /**
   * Failure links breadth first: each state's longest proper suffix that is also a prefix of a
   * word.
   */
  private void link(List<List<Integer>> own) {
    fail = new int[states];
    ends = new int[states][];
    ends[0] = own.get(0).stream().mapToInt(Integer::intValue).toArray();
    var queue = new ArrayDeque<Integer>();
    for (int child : targets[0]) {
      queue.add(child);
    }
    while (!queue.isEmpty()) {
      int state = queue.poll();
      int[] inherited = ends[fail[state]];
      int[] mine = own.get(state).stream().mapToInt(Integer::intValue).toArray();
      ends[state] = Arrays.copyOf(mine, mine.length + inherited.length);
      System.arraycopy(inherited, 0, ends[state], mine.length, inherited.length);
      for (int i = 0; i < keys[state].length; i++) {
        char c = keys[state][i];
        int child = targets[state][i];
        int f = fail[state];
        int next;
        while ((next = next(f, c)) < 0 && f != 0) {
          f = fail[f];
        }
        fail[child] = next >= 0 && next != child ? next : 0;
        queue.add(child);
      }
    }
  }
}

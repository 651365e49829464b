package dev.kiln.portal.build;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces a build's secret values in its log text with {@value #MASK}, as the text streams by.
 *
 * <p>Each value is looked for as it is, in the encoded forms {@link SecretForms} lists, and line by
 * line for multi-line values (a PEM key's lines): there, also the start of a line, once at least
 * {@value #MIN_PREFIX} characters of it appear, so a line cut short still hides what it shows. Line breaks in the log are ignored while matching, because a builder may cut a long
 * line, or a plugin may write a value over two lines. So that a value cut in two is still caught,
 * the tail of the text that could be the start of a value is held back until more text arrives
 * or {@link #release()} is called. Not thread-safe: {@link LogWriter} calls it under its lock.
 */
final class SecretMasker {

  static final String MASK = "***";

  /** Shorter needles would mask ordinary text; the secret service refuses shorter values. */
  static final int MIN_NEEDLE = 4;
  /** The shortest start of a multi-line value's line that is masked on its own. */
  static final int MIN_PREFIX = 12;

  private final List<Needle> needles;
  private final int longest;
  /** Finds the part of each needle that must appear whole. */
  private final NeedleSearch search;
  private final StringBuilder held = new StringBuilder();

  private SecretMasker(List<Needle> needles) {
    this.needles = needles;
    this.longest = needles.stream().mapToInt(n -> n.text().length()).max().orElse(0);
    this.search = new NeedleSearch(needles.stream().map(Needle::text).toList(),
        needles.stream().mapToInt(Needle::min).toArray());
  }

  /** A masker for these secret values; with none, text passes through unchanged. */
  static SecretMasker of(Collection<String> values) {
    Map<String, Needle> needles = new LinkedHashMap<>();
    for (String value : values) {
      add(needles, value, Integer.MAX_VALUE);
      SecretForms.of(value).forEach(form -> add(needles, form, Integer.MAX_VALUE));
      if (value.lines().count() > 1) {
        value.lines().forEach(line -> add(needles, line, MIN_PREFIX));
      }
    }
    return new SecretMasker(List.copyOf(needles.values()));
  }

  /** Adds a needle that matches {@code candidate}, or any start of it at least {@code prefix} long. */
  private static void add(Map<String, Needle> needles, String candidate, int prefix) {
    String text = withoutBreaks(candidate);
    if (text.length() >= MIN_NEEDLE) {
      needles.merge(text, new Needle(text, Math.min(prefix, text.length())),
          (a, b) -> a.min() <= b.min() ? a : b);
    }
  }

  /**
   * Text to look for: all of it, or, when {@code min} is shorter, any start of it that has at least
   * {@code min} characters.
   */
  private record Needle(String text, int min) {

    /** How long the match at {@code at} in {@code view} is, given that its first {@code min} characters match. */
    int matchAt(String view, int at) {
      int length = min;
      while (length < text.length() && at + length < view.length() && view.charAt(at + length) == text.charAt(length)) {
        length++;
      }
      return length;
    }
  }

  private static String withoutBreaks(String text) {
    return text.replace("\n", "").replace("\r", "");
  }

  /** The length of the longest value looked for, without line breaks; 0 when there is none. */
  int longest() {
    return longest;
  }

  /** Whether some text is held back, waiting to see if a secret continues in what comes next. */
  boolean isHolding() {
    return !held.isEmpty();
  }

  /**
   * Takes the next piece of log text, line breaks included.
   *
   * @return the masked text that is safe to store now; possibly empty
   */
  String push(String text) {
    if (needles.isEmpty()) {
      return text;
    }
    held.append(text);
    return emit(false);
  }

  /** Masks a whole text on its own, leaving this stream's held text alone. */
  String maskWhole(String text) {
    if (needles.isEmpty() || text == null) {
      return text;
    }
    var once = new SecretMasker(needles);
    return once.push(text) + once.release();
  }

  /** Masks and returns everything held back, for when no more text will come soon. */
  String release() {
    return held.isEmpty() ? "" : emit(true);
  }

  private String emit(boolean all) {
    String raw = held.toString();
    // The text without line breaks, and where each of its characters is in the raw text.
    int[] at = new int[raw.length()];
    StringBuilder joined = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      if (!isBreak(raw.charAt(i))) {
        at[joined.length()] = i;
        joined.append(raw.charAt(i));
      }
    }
    String view = joined.toString();
    boolean[] masked = new boolean[view.length()];
    boolean[] found = new boolean[1];
    int waiting = search.search(view, (word, start) -> {
      found[0] = true;
      Arrays.fill(masked, start, start + needles.get(word).matchAt(view, start), true);
    });
    int keep = all ? view.length() : view.length() - waiting;
    if (!found[0] && keep == view.length()) { // the usual line: nothing to mask, nothing to wait for
      held.setLength(0);
      return raw;
    }
    // A value found across the cut must be emitted whole, masked, later.
    while (keep > 0 && keep < view.length() && masked[keep - 1] && masked[keep]) {
      keep--;
    }
    int cut = keep == view.length() ? raw.length() : at[keep];
    StringBuilder out = new StringBuilder(cut);
    boolean inMask = false;
    for (int r = 0, v = 0; r < cut; r++) {
      char c = raw.charAt(r);
      if (isBreak(c)) {
        out.append(c);
        inMask = false;
      } else {
        if (!masked[v]) {
          out.append(c);
        } else if (!inMask) {
          out.append(MASK);
        }
        inMask = masked[v++];
      }
    }
    held.delete(0, cut);
    return out.toString();
  }

  private static boolean isBreak(char c) {
    return c == '\n' || c == '\r';
  }
}

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
 * {@value #MIN_PREFIX} characters of it appear, so a line cut short still hides what it shows; such
 * a start is masked with the rest of its log line, so nothing left visible tells how the value goes
 * on. Every masked run becomes one {@value #MASK}, whatever its length. Line breaks in the log are
 * ignored while matching, because a builder may cut a long line, or a plugin may write a value over
 * two lines. So that a value cut in two is still caught, the tail of the text that could be the
 * start of a value is held back until more text arrives or {@link #release()} is called. Not
 * thread-safe: {@link LogWriter} calls it under its lock.
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

  /** Whether the last text emitted ended inside a match masked to the end of its line. */
  private boolean lineMasked;

  private SecretMasker(List<Needle> needles) {
    this(
        needles,
        needles.stream().mapToInt(n -> n.text().length()).max().orElse(0),
        new NeedleSearch(
            needles.stream().map(Needle::text).toList(),
            needles.stream().mapToInt(Needle::min).toArray()));
  }

  /**
   * A second stream over the same needles: the automaton is built once per set of values, then
   * shared.
   */
  private SecretMasker(List<Needle> needles, int longest, NeedleSearch search) {
    this.needles = needles;
    this.longest = longest;
    this.search = search;
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

  /**
   * Adds a needle that matches {@code candidate}, or any start of it at least {@code prefix} long.
   */
  private static void add(Map<String, Needle> needles, String candidate, int prefix) {
    String text = withoutBreaks(candidate);
    if (text.length() >= MIN_NEEDLE) {
      needles.merge(
          text,
          new Needle(text, Math.min(prefix, text.length())),
          (a, b) -> a.min() <= b.min() ? a : b);
    }
  }

  /**
   * Text to look for: all of it, or, when {@code min} is shorter, any start of it that has at least
   * {@code min} characters.
   */
  private record Needle(String text, int min) {

    /**
     * Whether a start of the text is enough. Such a match is masked to the end of its line,
     * whatever follows: masking only as far as the text goes on matching would tell, by what is
     * left visible, how the value continues (and how long it is).
     */
    boolean byStart() {
      return min < text.length();
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
    var once = new SecretMasker(needles, longest, search);
    return once.push(text) + once.release();
  }

  /** Masks and returns everything held back, for when no more text will come soon. */
  String release() {
    return held.isEmpty() ? "" : emit(true);
  }

  private String emit(boolean all) {
    String raw = held.toString();
    // The text without line breaks, where each of its characters is in the raw text, and whether a
    // line ends after it.
    int[] at = new int[raw.length()];
    boolean[] lineEnds = new boolean[raw.length()];
    StringBuilder joined = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      if (!isBreak(raw.charAt(i))) {
        at[joined.length()] = i;
        joined.append(raw.charAt(i));
      } else if (!joined.isEmpty()) {
        lineEnds[joined.length() - 1] = true;
      }
    }
    String view = joined.toString();
    boolean[] masked = new boolean[view.length()];
    boolean continuing = lineMasked && (raw.isEmpty() || !isBreak(raw.charAt(0)));
    int[] open = {continuing ? 0 : Integer.MAX_VALUE}; // where a match runs on past the text
    if (continuing) {
      maskToLineEnd(masked, lineEnds, 0, open, 0);
    }
    int waiting =
        search.search(
            view,
            (word, start) -> {
              Needle needle = needles.get(word);
              if (needle.byStart()) {
                maskToLineEnd(masked, lineEnds, start + needle.min() - 1, open, start);
                Arrays.fill(masked, start, start + needle.min(), true);
              } else {
                Arrays.fill(masked, start, start + needle.text().length(), true);
              }
            });
    int keep = all ? view.length() : Math.min(view.length() - waiting, open[0]);
    if (open[0] == Integer.MAX_VALUE && !continuing && keep == view.length() && !contains(masked)) {
      held.setLength(0); // the usual line: nothing to mask, nothing to wait for
      lineMasked = false;
      return raw;
    }
    // A value found across the cut must be emitted whole, masked, later.
    while (keep > 0 && keep < view.length() && masked[keep - 1] && masked[keep]) {
      keep--;
    }
    int cut = keep == view.length() ? raw.length() : at[keep];
    StringBuilder out = new StringBuilder(cut);
    boolean inMask = continuing;
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
    if (all || cut > 0) { // what is held now starts a line, or a match, or nothing
      lineMasked = all && open[0] != Integer.MAX_VALUE;
    }
    held.delete(0, cut);
    return out.toString();
  }

  /**
   * Masks from {@code from} to the end of its line; when the line has not ended yet, records in
   * {@code open} that the text from {@code start} must wait for the rest of the line.
   */
  private static void maskToLineEnd(
      boolean[] masked, boolean[] lineEnds, int from, int[] open, int start) {
    int v = from;
    while (v < masked.length && !lineEnds[v]) {
      masked[v++] = true;
    }
    if (v < masked.length) {
      masked[v] = true;
    } else {
      open[0] = Math.min(open[0], start);
    }
  }

  private static boolean contains(boolean[] masked) {
    for (boolean m : masked) {
      if (m) {
        return true;
      }
    }
    return false;
  }

  private static boolean isBreak(char c) {
    return c == '\n' || c == '\r';
  }
}

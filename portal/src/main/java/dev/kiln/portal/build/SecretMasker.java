package dev.kiln.portal.build;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Replaces a build's secret values in its log text with {@value #MASK}, as the text streams by.
 *
 * <p>Each value is looked for as it is, line by line (for multi-line values), and as its base64
 * encodings. Line breaks in the log are ignored while matching, because a builder may cut a long
 * line, or a plugin may write a value over two lines. So that a value cut in two is still caught,
 * the tail of the text that could be the start of a value is held back until more text arrives
 * or {@link #release()} is called. Not thread-safe: {@link LogWriter} calls it under its lock.
 */
final class SecretMasker {

  static final String MASK = "***";

  /** Shorter needles would mask ordinary text; the secret service refuses shorter values. */
  static final int MIN_NEEDLE = 4;

  private final List<String> needles;
  /** Needles by first character: most log positions start none, so the hold check stays cheap for long values. */
  private final Map<Character, List<String>> byFirst;
  private final int longest;
  private final StringBuilder held = new StringBuilder();

  private SecretMasker(List<String> needles) {
    this.needles = needles;
    this.byFirst = needles.stream().collect(Collectors.groupingBy(n -> n.charAt(0)));
    this.longest = needles.stream().mapToInt(String::length).max().orElse(0);
  }

  /** A masker for these secret values; with none, text passes through unchanged. */
  static SecretMasker of(Collection<String> values) {
    Set<String> needles = new LinkedHashSet<>();
    for (String value : values) {
      add(needles, value);
      value.lines().forEach(line -> add(needles, line));
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      // The leading whole 3-byte groups encode the same whatever follows the value, such as the
      // newline `echo "$SECRET" | base64` adds.
      byte[] whole = Arrays.copyOf(bytes, bytes.length / 3 * 3);
      for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
        add(needles, encoder.encodeToString(bytes));
        add(needles, encoder.withoutPadding().encodeToString(bytes));
        add(needles, encoder.encodeToString(whole));
      }
    }
    return new SecretMasker(new ArrayList<>(needles));
  }

  private static void add(Set<String> needles, String candidate) {
    String needle = withoutBreaks(candidate);
    if (needle.length() >= MIN_NEEDLE) {
      needles.add(needle);
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
    for (String needle : needles) {
      for (int i = view.indexOf(needle); i >= 0; i = view.indexOf(needle, i + 1)) {
        Arrays.fill(masked, i, i + needle.length(), true);
      }
    }
    int keep = all ? view.length() : heldFrom(view);
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

  /** Where the longest tail of {@code view} that could begin a needle starts, or its length if none. */
  private int heldFrom(String view) {
    int length = view.length();
    for (int start = Math.max(0, length - longest + 1); start < length; start++) {
      int tail = length - start;
      for (String needle : byFirst.getOrDefault(view.charAt(start), List.of())) {
        if (needle.length() > tail && needle.regionMatches(0, view, start, tail)) {
          return start;
        }
      }
    }
    return length;
  }

  private static boolean isBreak(char c) {
    return c == '\n' || c == '\r';
  }
}

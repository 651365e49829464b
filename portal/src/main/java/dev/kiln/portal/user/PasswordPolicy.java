package dev.kiln.portal.user;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a password a user chooses must be: long enough, short enough for bcrypt to read all of it,
 * and none that an attacker tries first: blank, one character or a short pattern repeated, a run of
 * consecutive characters, a common password (also in fullwidth letters, with digits or symbols
 * around it, or with look-alike digits), or the user's own name. The list of common passwords is
 * short on purpose: it stops the guesses that come first, not every weak password.
 */
final class PasswordPolicy {

  static final int MIN_LENGTH = 12;

  /** bcrypt reads the first 72 bytes only, and Spring Security refuses longer passwords. */
  static final int MAX_BYTES = 72;

  /** Repeating a unit up to this long is a pattern, not a password. */
  private static final int PATTERN_UNIT = 4;

  private static final Set<String> COMMON = load("common-passwords.txt");

  private PasswordPolicy() {}

  /**
   * Why {@code password} is refused for {@code username}, in words for the user; empty when it is
   * fine.
   */
  static Optional<String> problem(String username, String password) {
    if (password == null || password.isEmpty()) {
      return Optional.of("Choose a password.");
    }
    if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
      return Optional.of("Use at least " + MIN_LENGTH + " characters.");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.of(
          "Use at most "
              + MAX_BYTES
              + " bytes: "
              + MAX_BYTES
              + " letters a-z or digits, fewer with accents, other scripts or symbols.");
    }
    String folded = fold(password);
    if (folded.isEmpty()) {
      return Optional.of("A password of only spaces or invisible characters is easy to guess.");
    }
    if (folded.codePoints().distinct().count() == 1) {
      return Optional.of("One character repeated is easy to guess.");
    }
    if (COMMON.contains(folded)) {
      return Optional.of("This is one of the most common passwords. Choose another.");
    }
    String name = Usernames.key(username);
    if (name.length() >= 3 && folded.contains(name)) {
      return Optional.of("Do not use your user name in your password.");
    }
    if (repeatsShortUnit(folded)) {
      return Optional.of("A short pattern repeated is easy to guess.");
    }
    if (isRun(folded)) {
      return Optional.of("A run of consecutive letters or digits is easy to guess.");
    }
    if (isCommonCore(folded)) {
      return Optional.of(
          "This is a common password with a few characters changed or added. Choose another.");
    }
    return Optional.empty();
  }

  /**
   * The password as it is compared: compatibility forms folded (fullwidth letters are letters),
   * lower case, without spaces or invisible characters.
   */
  private static String fold(String password) {
    return Normalizer.normalize(password, Normalizer.Form.NFKC)
        .toLowerCase(Locale.ROOT)
        .codePoints()
        .filter(
            c ->
                !Character.isWhitespace(c)
                    && !Character.isSpaceChar(c)
                    && !Character.isISOControl(c)
                    && Character.getType(c) != Character.FORMAT)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  private static boolean repeatsShortUnit(String folded) {
    for (int unit = 1; unit <= PATTERN_UNIT && unit <= folded.length() / 2; unit++) {
      if (folded
          .substring(unit)
          .equals(folded.substring(0, folded.length() - unit))) { // periodic: unit after unit
        return true;
      }
    }
    return false;
  }

  /** abcdefghijkl, 123456789012 (digits wrap round), or the same downwards. */
  private static boolean isRun(String folded) {
    int[] c = folded.codePoints().toArray();
    int step = next(c[0], c[1]);
    if (Math.abs(step) != 1) {
      return false;
    }
    for (int i = 2; i < c.length; i++) {
      if (next(c[i - 1], c[i]) != step) {
        return false;
      }
    }
    return true;
  }

  private static int next(int a, int b) {
    if (Character.isDigit(a) && Character.isDigit(b)) {
      int diff = Math.floorMod(b - a, 10);
      return diff == 1 ? 1 : diff == 9 ? -1 : 0;
    }
    return Character.isLetter(a) && Character.isLetter(b) ? b - a : 0;
  }

  /**
   * A common password with digits or symbols around it, or look-alike digits in it: Dragon!2024,
   * p4ssw0rd.
   */
  private static boolean isCommonCore(String folded) {
    String core = folded.replaceAll("^[^\\p{L}]+|[^\\p{L}]+$", "");
    String plain = unleet(folded);
    String plainCore = plain.replaceAll("^[^\\p{L}]+|[^\\p{L}]+$", "");
    return COMMON.contains(plain)
        || core.length() >= 4 && (COMMON.contains(core) || COMMON.contains(unleet(core)))
        || plainCore.length() >= 4 && COMMON.contains(plainCore);
  }

  /** The letters that digits and symbols stand in for: p@55w0rd is password. */
  private static String unleet(String text) {
    StringBuilder letters = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      letters.append(
          switch (c) {
            case '0' -> 'o';
            case '1', '!' -> 'i';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            default -> c;
          });
    }
    return letters.toString();
  }

  private static Set<String> load(String resource) {
    try (var in =
            Objects.requireNonNull(PasswordPolicy.class.getResourceAsStream(resource), resource);
        var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return lines
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .map(PasswordPolicy::fold)
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

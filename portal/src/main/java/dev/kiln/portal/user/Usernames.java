package dev.kiln.portal.user;

import dev.kiln.portal.user.domain.UserAccount;
import java.text.Normalizer;
import java.util.Locale;

/**
 * The one way Kiln tells whether two user names are the same account: by their {@link #key}. The
 * database stores each user's key in a column with a unique index and looks users up by it; the
 * log-in limits count failures by it; nothing compares names with SQL's {@code lower()}, whose idea
 * of case depends on the database's locale and differs from Java's (a dotted capital I).
 *
 * <p>Local accounts are named with a small, safe set of characters, so a new name can never look
 * like an existing one. A name typed at the log-in form may be anything: it is the account whose
 * key equals its key, or no account at all.
 */
public final class Usernames {

  public static final int MAX_LENGTH = UserAccount.USERNAME_LENGTH;
  private static final int MIN_LENGTH = 2;
  private static final String RULE =
      "Use "
          + MIN_LENGTH
          + " to "
          + MAX_LENGTH
          + " letters a-z, digits, dots, dashes, underscores or @.";

  private Usernames() {}

  /**
   * The key of a name, as typed or as stored: compatibility forms folded (NFKC: fullwidth letters,
   * the Kelvin sign, ligatures), then case folded the way Unicode does ({@code ß} and {@code SS},
   * dotless {@code ı} and {@code i} are the same; a dotted capital {@code İ} keeps its dot, so it
   * is no ASCII name), then spaces and control characters at either end removed. Everything else
   * stays, so a name with an invisible or combining character inside is simply no account.
   */
  public static String key(String name) {
    if (name == null) {
      return "";
    }
    // Lower, upper, lower: Java's lower-casing alone leaves ß and ẞ apart from ss, and ı apart from
    // i.
    String folded =
        Normalizer.normalize(name, Normalizer.Form.NFKC)
            .toLowerCase(Locale.ROOT)
            .toUpperCase(Locale.ROOT)
            .toLowerCase(Locale.ROOT);
    return trim(Normalizer.normalize(folded, Normalizer.Form.NFKC));
  }

  /**
   * Without spaces and control characters at either end: at least what Spring Security's log-in
   * form trims ({@code String.trim()}, everything up to U+0020) before it looks the name up, so
   * that a name with a NUL at its end is counted as the account it logs in as.
   */
  private static String trim(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && blank(text.charAt(start))) {
      start++;
    }
    while (end > start && blank(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  private static boolean blank(char c) {
    return c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /**
   * Whether a key could be any account's: every stored name is made of the safe set, so a key with
   * another character, or too long, is no account and needs no look-up (PostgreSQL would refuse a
   * NUL character in the query anyway).
   */
  public static boolean couldBeAnAccount(String key) {
    return key.length() >= MIN_LENGTH
        && key.length() <= MAX_LENGTH
        && key.codePoints().allMatch(Usernames::allowed);
  }

  /**
   * Checks the name of a new local account.
   *
   * @return the name without spaces around it
   * @throws IllegalArgumentException saying what is wrong, for the admin who typed it
   */
  public static String checkLocal(String name) {
    String clean = name == null ? "" : name.strip();
    var bad = clean.codePoints().filter(c -> !allowed(c)).findFirst();
    if (bad.isPresent()) {
      throw new IllegalArgumentException(
          describe(bad.getAsInt()) + " is not allowed in a user name. " + RULE);
    }
    if (clean.length() < MIN_LENGTH || clean.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(RULE);
    }
    return clean;
  }

  /**
   * A name for an account from an identity provider, from what the provider calls the user: its
   * compatibility forms folded, each character outside the local set replaced by a dash, at most
   * {@code maxLength} long.
   */
  static String fromProvider(String preferred, int maxLength) {
    StringBuilder name = new StringBuilder();
    Normalizer.normalize(preferred, Normalizer.Form.NFKC)
        .strip()
        .codePoints()
        .limit(maxLength)
        .forEach(c -> name.append(allowed(c) ? (char) c : '-'));
    return name.length() < MIN_LENGTH ? "user-" + name : name.toString();
  }

  /**
   * ASCII letters and digits, dots, underscores, at signs and dashes: nothing that looks like
   * something else.
   */
  private static boolean allowed(int c) {
    return c < 128 && (Character.isLetterOrDigit(c) || "._@-".indexOf(c) >= 0);
  }

  /** A character as an admin can tell it apart, invisible ones included: {@code 'İ' (U+0130)}. */
  private static String describe(int codePoint) {
    String code = "U+%04X".formatted(codePoint);
    if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
      return "A space (" + code + ")";
    }
    int type = Character.getType(codePoint);
    boolean invisible =
        Character.isISOControl(codePoint)
            || type == Character.FORMAT
            || type == Character.NON_SPACING_MARK
            || type == Character.ENCLOSING_MARK
            || type == Character.UNASSIGNED;
    return invisible
        ? "The invisible character " + code
        : "'" + Character.toString(codePoint) + "' (" + code + ")";
  }
}

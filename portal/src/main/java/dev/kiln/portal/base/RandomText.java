package dev.kiln.portal.base;

import java.security.SecureRandom;

/** Random strings for passwords and tokens, from a cryptographically strong source. */
public final class RandomText {

  /** Letters and digits without look-alikes (0/O, 1/l/I): for values people read and type. */
  public static final String LEGIBLE = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  /** All 62 letters and digits: for values machines read. */
  public static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private static final SecureRandom RANDOM = new SecureRandom();

  private RandomText() {}

  /** {@code length} characters drawn from {@code alphabet}. */
  public static String of(String alphabet, int length) {
    var text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}

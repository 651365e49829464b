package dev.kiln.portal.user;

import java.security.SecureRandom;

/** Random passwords a user receives once and must replace: 20 characters without look-alikes (0/O, 1/l). */
final class OneTimePasswords {

  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private OneTimePasswords() {}

  static String next() {
    return RANDOM.ints(20, 0, ALPHABET.length()).mapToObj(ALPHABET::charAt)
        .collect(StringBuilder::new, StringBuilder::append, StringBuilder::append).toString();
  }
}

package dev.kiln.portal.user;

import dev.kiln.portal.base.RandomText;

/** Passwords a user receives once and must replace: 20 characters without look-alikes. */
final class OneTimePasswords {

  private OneTimePasswords() {}

  static String next() {
    return RandomText.of(RandomText.LEGIBLE, 20);
  }
}

package dev.kiln.portal.secret;

/** The secret was not saved; the message says why, in words for the user. */
public class InvalidSecretException extends RuntimeException {

  public InvalidSecretException(String message) {
    super(message);
  }
}

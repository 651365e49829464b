package dev.kiln.portal.project;

/**
 * A membership change that was refused; the message says why, for the user. Nothing was changed.
 */
public class InvalidMemberException extends RuntimeException {

  public InvalidMemberException(String message) {
    super(message);
  }
}

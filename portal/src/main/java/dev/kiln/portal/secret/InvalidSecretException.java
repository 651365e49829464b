package dev.kiln.portal.secret;

/**
 * The secret was not saved; the message says why, in words for the user, and {@link #field()}
 * where.
 */
public class InvalidSecretException extends RuntimeException {

  /** Values of {@link #field()}. */
  public static final String NAME = "name", DESCRIPTION = "description", VALUE = "value";

  private final String field;

  public InvalidSecretException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The field at fault: {@link #NAME}, {@link #DESCRIPTION} or {@link #VALUE}. */
  public String field() {
    return field;
  }
}

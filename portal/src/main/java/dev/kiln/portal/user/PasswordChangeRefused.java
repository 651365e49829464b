package dev.kiln.portal.user;

/** A password change that was refused, with the field at fault and why, in words for the user. */
public class PasswordChangeRefused extends IllegalArgumentException {

  /** The fields of the change-password form. */
  public enum Field {
    CURRENT,
    NEW
  }

  private final Field field;

  PasswordChangeRefused(Field field, String message) {
    super(message);
    this.field = field;
  }

  public Field field() {
    return field;
  }
}

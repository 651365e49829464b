package dev.kiln.portal.schedule;

/**
 * A cron expression or time zone Kiln cannot use; the message says why, for the user, and {@link
 * #field()} which form field is wrong, so a form can mark it.
 */
public class InvalidScheduleException extends RuntimeException {

  /** Values of {@link #field()}: the same names as {@link ScheduleRefusedException}'s keys. */
  public static final String EXPRESSION = ScheduleRefusedException.EXPRESSION,
      TIME_ZONE = ScheduleRefusedException.TIME_ZONE;

  private final String field;

  public InvalidScheduleException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** A problem of the expression, unless the message speaks of the time zone. */
  public InvalidScheduleException(String message) {
    this(message.contains("time zone") ? TIME_ZONE : EXPRESSION, message);
  }

  /** {@link #EXPRESSION} or {@link #TIME_ZONE}. */
  public String field() {
    return field;
  }
}

package dev.kiln.portal.schedule;

/** A cron expression or time zone Kiln cannot use; the message says why, for the user. */
public class InvalidScheduleException extends RuntimeException {

  public InvalidScheduleException(String message) {
    super(message);
  }
}

package dev.kiln.portal.schedule;

/** Quartz's own syntax, six or seven fields with seconds first, checked before Quartz reads it. */
final class QuartzCron {

  private QuartzCron() {}

  /**
   * Quartz's own six or seven fields, checked field by field so that a mistake names its field.
   * Quartz needs {@code ?} in one of the two day fields; a {@code *} there is taken to mean it.
   */
  static String[] checked(String[] fields) {
    for (int i = 0; i < fields.length; i++) {
      CronField.QUARTZ.get(i).values(fields[i]);
    }
    boolean anyDay = fields[3].equals("*") || fields[3].equals("?");
    boolean anyWeekday = fields[5].equals("*") || fields[5].equals("?");
    if (anyDay && anyWeekday) {
      fields[3] = "*";
      fields[5] = "?";
    } else if (anyDay) {
      fields[3] = "?";
    } else if (anyWeekday) {
      fields[5] = "?";
    } else {
      throw new InvalidScheduleException(
          "Both the day of the month ("
              + fields[3]
              + ") and the day of the week ("
              + fields[5]
              + ") are restricted, which Quartz cannot combine: put ? in one of them.");
    }
    return fields;
  }
}

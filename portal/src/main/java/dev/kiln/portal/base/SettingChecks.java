package dev.kiln.portal.base;

import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.Range;
import java.util.Optional;

/**
 * What a builder's schema says about one setting's value: a number is a whole number within the
 * field's range, a choice is one of its choices, a switch is true or false. The settings form shows
 * it as the user leaves the field, and the settings validation refuses it on save, with the same
 * words, so a builder never sees a value its schema rules out.
 */
public final class SettingChecks {

  private static final String WHOLE_NUMBER = "-?\\d{1,18}";

  private SettingChecks() {}

  /**
   * What is wrong with a value the user gave {@code field}, naming the field, or empty when the
   * schema allows it. A blank value is the caller's to require or drop.
   */
  public static Optional<String> problem(SettingField field, String value) {
    String v = value.strip();
    return Optional.ofNullable(
        switch (field.type()) {
          case NUMBER -> numberProblem(field, v);
          case CHOICE ->
              field.choices().contains(value)
                  ? null
                  : field.label() + " must be one of " + String.join(", ", field.choices()) + ".";
          case BOOLEAN ->
              value.equals("true") || value.equals("false")
                  ? null
                  : field.label() + " must be true or false.";
          default -> null;
        });
  }

  /** The range a number field accepts, in words: "from 1 to 65535", "of at least 6". */
  public static Optional<String> describe(Range range) {
    if (range == null) {
      return Optional.empty();
    }
    if (range.max() == Long.MAX_VALUE) {
      return Optional.of("of at least " + range.min());
    }
    if (range.min() == Long.MIN_VALUE) {
      return Optional.of("of at most " + range.max());
    }
    return Optional.of("from " + range.min() + " to " + range.max());
  }

  private static String numberProblem(SettingField field, String value) {
    if (!value.matches(WHOLE_NUMBER)) {
      return field.label() + " must be a whole number.";
    }
    Range range = field.range();
    if (range == null || range.contains(Long.parseLong(value))) {
      return null;
    }
    return field.label() + " must be a whole number " + describe(range).orElseThrow() + ".";
  }
}

package dev.kiln.portal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Each refusal names the field a form should mark. */
class InvalidScheduleExceptionTest {

  @Test
  void aBadZoneIsTheZonesFault() {
    assertThatThrownBy(() -> ScheduleExpression.parse("0 4 * * *", "Mars/Olympus", 1))
        .isInstanceOfSatisfying(
            InvalidScheduleException.class,
            e -> assertThat(e.field()).isEqualTo(InvalidScheduleException.TIME_ZONE));
    assertThatThrownBy(() -> ScheduleExpression.parse("0 4 * * *", " ", 1))
        .isInstanceOfSatisfying(
            InvalidScheduleException.class,
            e -> assertThat(e.field()).isEqualTo(InvalidScheduleException.TIME_ZONE));
  }

  @Test
  void aBadExpressionIsTheExpressionsFault() {
    for (String expression : new String[] {"*/0 * * * *", "0 0 31 2 *", "", "1 2 3"}) {
      assertThatThrownBy(() -> ScheduleExpression.parse(expression, "Europe/Berlin", 1))
          .isInstanceOfSatisfying(
              InvalidScheduleException.class,
              e ->
                  assertThat(e.field())
                      .as(expression)
                      .isEqualTo(InvalidScheduleException.EXPRESSION));
    }
  }
}

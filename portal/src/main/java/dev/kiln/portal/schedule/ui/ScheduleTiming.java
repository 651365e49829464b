package dev.kiln.portal.schedule.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.kiln.portal.schedule.InvalidScheduleException;
import dev.kiln.portal.schedule.ScheduleRefusedException;
import dev.kiln.portal.schedule.ScheduleService;
import java.time.ZoneId;
import java.util.function.Consumer;

/**
 * When a schedule fires, in the schedule dialog: the cron expression and time zone fields, and the
 * preview that explains them while the user types, in words and as the next fire times in that
 * zone. What is wrong shows on the field at fault, and the dialog hears whether Save may be
 * pressed.
 */
final class ScheduleTiming {

  private final ScheduleService schedules;
  private final long projectId;
  private final Long scheduleId;
  private final Consumer<Boolean> onChecked;
  private final TextField expression = new TextField("Cron expression");
  private final ComboBox<String> zone = new ComboBox<>("Time zone");
  private final Span description = new Span();
  private final Span nextHeading = new Span();
  private final UnorderedList nextFires = new UnorderedList();

  /**
   * @param scheduleId the schedule being edited, or {@code null} for a new one
   * @param onChecked told after each check whether the expression and zone are valid
   */
  ScheduleTiming(
      ScheduleService schedules, long projectId, Long scheduleId, Consumer<Boolean> onChecked) {
    this.schedules = schedules;
    this.projectId = projectId;
    this.scheduleId = scheduleId;
    this.onChecked = onChecked;
    // The service judges these fields; the components' own checks would clear its marks on blur.
    expression.setManualValidation(true);
    zone.setManualValidation(true);
    expression.setId("schedule-expression");
    expression.addClassName("monospace");
    expression.setHelperText(
        "minute hour day month weekday, e.g. \"H 3 * * *\"; or Quartz's 6–7 fields, seconds"
            + " first, e.g. \"0 */15 * * * ?\". H picks a fixed minute (or hour…) for this project.");
    expression.setValueChangeMode(ValueChangeMode.LAZY);
    expression.setValueChangeTimeout(300);
    expression.addValueChangeListener(e -> check());
    zone.setId("schedule-zone");
    // Not the three-letter legacy ids (EST, HST…): the service refuses them as ambiguous.
    zone.setItems(
        ZoneId.getAvailableZoneIds().stream()
            .filter(id -> !ZoneId.SHORT_IDS.containsKey(id))
            .sorted()
            .toList());
    zone.setAllowCustomValue(
        true); // typed zones reach the check, which says what is wrong with them
    zone.addCustomValueSetListener(e -> zone.setValue(e.getDetail().strip()));
    zone.setHelperText("Fire times follow this zone's clock, daylight saving time included.");
    zone.addValueChangeListener(e -> check());
  }

  TextField expressionField() {
    return expression;
  }

  ComboBox<String> zoneField() {
    return zone;
  }

  /** The preview, for under the form, with {@code formError} at its end. */
  Div preview(Component formError) {
    description.setId("schedule-description");
    nextFires.setId("schedule-next-fires");
    description.getStyle().set("font-weight", "600");
    nextHeading.addClassName("muted");
    var preview = new Div(description, nextHeading, nextFires, formError);
    preview.setId("schedule-preview");
    preview.addClassName("schedule-preview");
    return preview;
  }

  void fill(String expression, String zone) {
    this.expression.setValue(expression);
    this.zone.setValue(zone);
  }

  String expression() {
    return expression.getValue();
  }

  String zone() {
    return zone.getValue();
  }

  /** Explains the expression in the zone, or marks the field at fault; Save follows. */
  void check() {
    clear(expression);
    clear(zone);
    nextFires.removeAll();
    try {
      var preview =
          schedules.preview(projectId, expression.getValue(), zone.getValue(), scheduleId);
      description.setText("Fires " + preview.description() + ".");
      nextHeading.setText("Next fire times in " + zone.getValue().strip() + ":");
      preview.nextFireTimes().forEach(t -> nextFires.add(new ListItem(ScheduleTimes.format(t))));
      onChecked.accept(true);
    } catch (InvalidScheduleException e) {
      description.setText("");
      nextHeading.setText("");
      mark(
          InvalidScheduleException.TIME_ZONE.equals(e.field()) ? zone : expression, e.getMessage());
      onChecked.accept(false);
    }
  }

  /**
   * Shows one of the problems the service found on save, if it is about the expression or the zone.
   *
   * @return whether it was
   */
  boolean show(String field, String message) {
    HasValidation target =
        switch (field) {
          case ScheduleRefusedException.EXPRESSION -> expression;
          case ScheduleRefusedException.TIME_ZONE -> zone;
          default -> null;
        };
    if (target != null) {
      mark(target, message);
    }
    return target != null;
  }

  private static void mark(HasValidation field, String message) {
    field.setErrorMessage(message);
    field.setInvalid(true);
  }

  private static void clear(HasValidation field) {
    field.setInvalid(false);
    field.setErrorMessage(null);
  }
}

package dev.kiln.portal.schedule.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ui.ParameterFields;
import dev.kiln.portal.schedule.InvalidScheduleException;
import dev.kiln.portal.schedule.MisfirePolicy;
import dev.kiln.portal.schedule.OverlapPolicy;
import dev.kiln.portal.schedule.ScheduleDraft;
import dev.kiln.portal.schedule.ScheduleInfo;
import dev.kiln.portal.schedule.ScheduleRefusedException;
import dev.kiln.portal.schedule.ScheduleService;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Adds or edits a schedule. While the user types the expression or picks the zone, it shows the
 * expression in words and its next fire times in that zone, or what is wrong on the field at fault;
 * Save stays disabled while something is wrong, and the service refuses it anyway.
 */
class ScheduleDialog extends Dialog {

  private final ScheduleService schedules;
  private final long projectId;
  private final ScheduleInfo existing;
  private final Consumer<String> onSaved;
  private final TextField name = new TextField("Name");
  private final TextField expression = new TextField("Cron expression");
  private final ComboBox<String> zone = new ComboBox<>("Time zone");
  private final Checkbox enabled = new Checkbox("Enabled");
  private final RadioButtonGroup<MisfirePolicy> misfire =
      new RadioButtonGroup<>("Missed runs (while Kiln was down)");
  private final RadioButtonGroup<OverlapPolicy> overlap =
      new RadioButtonGroup<>("When a build is still running");
  private final ParameterFields parameters;
  private final Div parametersError = new Div();
  private final Span description = new Span();
  private final Span nextHeading = new Span();
  private final UnorderedList nextFires = new UnorderedList();
  private final Div formError = new Div();
  private final Button save = new Button("Save");

  /**
   * @param existing the schedule to edit, or {@code null} to add one
   * @param defaultZone the zone a new schedule starts with
   * @param onSaved told, in words, what was saved
   */
  ScheduleDialog(
      ScheduleService schedules,
      long projectId,
      List<ParameterDeclaration> declared,
      ScheduleInfo existing,
      String defaultZone,
      Consumer<String> onSaved) {
    this.schedules = schedules;
    // Empty fields mean "the project's default when it fires"; stored undeclared names show,
    // marked.
    this.parameters =
        new ParameterFields(declared, existing == null ? Map.of() : existing.parameters(), true);
    this.projectId = projectId;
    this.existing = existing;
    this.onSaved = onSaved;
    setHeaderTitle(existing == null ? "Add a schedule" : "Edit schedule " + existing.name());
    setWidth("min(46rem, 95vw)");
    configureFields();
    fill(
        existing == null
            ? new ScheduleDraft(
                "",
                "H 3 * * *",
                defaultZone,
                true,
                MisfirePolicy.SKIP,
                OverlapPolicy.SKIP,
                Map.of())
            : existing.draft());
    add(configureForm(), configurePreview());
    save.setId("save-schedule");
    save.addThemeVariants(ButtonVariant.PRIMARY);
    save.addClickListener(e -> save());
    var cancel = new Button("Cancel", e -> close());
    cancel.setId("cancel-schedule");
    getFooter().add(cancel, save);
    preview();
  }

  private void configureFields() {
    // The service judges these fields; the components' own checks would clear its marks on blur.
    name.setManualValidation(true);
    expression.setManualValidation(true);
    zone.setManualValidation(true);
    name.setId("schedule-name");
    name.setPlaceholder("nightly");
    name.setRequired(true);
    expression.setId("schedule-expression");
    expression.addClassName("monospace");
    expression.setHelperText(
        "minute hour day month weekday, e.g. \"H 3 * * *\"; or Quartz's 6–7 fields, seconds"
            + " first, e.g. \"0 */15 * * * ?\". H picks a fixed minute (or hour…) for this project.");
    expression.setValueChangeMode(ValueChangeMode.LAZY);
    expression.setValueChangeTimeout(300);
    expression.addValueChangeListener(e -> preview());
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
    zone.addValueChangeListener(e -> preview());
    enabled.setId("schedule-enabled");
    misfire.setId("schedule-misfire");
    misfire.setItems(MisfirePolicy.values());
    misfire.setItemLabelGenerator(MisfirePolicy::label);
    overlap.setId("schedule-overlap");
    overlap.setItems(OverlapPolicy.values());
    overlap.setItemLabelGenerator(OverlapPolicy::label);
    parameters.setId("schedule-parameters");
    parametersError.setId("schedule-parameters-error");
    parametersError.addClassName("error-text");
    formError.setId("schedule-form-error");
    formError.addClassName("error-text");
  }

  private void fill(ScheduleDraft draft) {
    name.setValue(draft.name());
    expression.setValue(draft.expression());
    zone.setValue(draft.timeZone());
    enabled.setValue(draft.enabled());
    misfire.setValue(draft.misfire());
    overlap.setValue(draft.overlap());
  }

  private FormLayout configureForm() {
    var heading =
        new Span(
            declaredCount() == 0 ? "" : "Parameters (empty: the project's default when it fires)");
    heading.addClassName("muted");
    var form =
        new FormLayout(
            name,
            zone,
            expression,
            misfire,
            overlap,
            heading,
            parameters,
            parametersError,
            enabled);
    form.setResponsiveSteps(
        new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("32em", 2));
    form.setColspan(expression, 2);
    form.setColspan(heading, 2);
    form.setColspan(parameters, 2);
    form.setColspan(parametersError, 2);
    return form;
  }

  private Div configurePreview() {
    description.setId("schedule-description");
    nextFires.setId("schedule-next-fires");
    description.getStyle().set("font-weight", "600");
    nextHeading.addClassName("muted");
    var preview = new Div(description, nextHeading, nextFires, formError);
    preview.setId("schedule-preview");
    preview.addClassName("schedule-preview");
    return preview;
  }

  /** Explains the expression in the zone, or marks the field at fault; Save follows. */
  private void preview() {
    clear(expression);
    clear(zone);
    nextFires.removeAll();
    try {
      var preview =
          schedules.preview(
              projectId,
              expression.getValue(),
              zone.getValue(),
              existing == null ? null : existing.id());
      description.setText("Fires " + preview.description() + ".");
      nextHeading.setText("Next fire times in " + zone.getValue().strip() + ":");
      preview.nextFireTimes().forEach(t -> nextFires.add(new ListItem(ScheduleTimes.format(t))));
      save.setEnabled(true);
    } catch (InvalidScheduleException e) {
      description.setText("");
      nextHeading.setText("");
      mark(
          InvalidScheduleException.TIME_ZONE.equals(e.field()) ? zone : expression, e.getMessage());
      save.setEnabled(false);
    }
  }

  private void save() {
    formError.setText("");
    clear(name);
    parametersError.setText("");
    Map<String, String> values = parameters.values();
    var draft =
        new ScheduleDraft(
            name.getValue(),
            expression.getValue(),
            zone.getValue(),
            enabled.getValue(),
            misfire.getValue(),
            overlap.getValue(),
            values);
    try {
      if (existing == null) {
        schedules.create(projectId, draft);
      } else {
        schedules.update(existing.id(), existing.updatedAt(), draft);
      }
    } catch (ScheduleRefusedException e) {
      Map<String, String> byParameter = new LinkedHashMap<>();
      e.problems()
          .forEach(
              (field, message) -> {
                if (field.startsWith(ScheduleRefusedException.PARAMETERS + ".")) {
                  byParameter.put(
                      field.substring(ScheduleRefusedException.PARAMETERS.length() + 1), message);
                } else {
                  show(field, message);
                }
              });
      parametersError.setText(String.join(" ", parameters.showProblems(byParameter)));
      return;
    } catch (NoSuchElementException e) {
      formError.setText(
          existing == null
              ? "This project was deleted in the meantime."
              : "This schedule was deleted in the meantime.");
      return;
    }
    close();
    onSaved.accept("Schedule " + draft.name().strip() + " saved.");
  }

  private long declaredCount() {
    return parameters.getChildren().count();
  }

  /** One of the service's problems, on its field. */
  private void show(String field, String message) {
    switch (field) {
      case ScheduleRefusedException.NAME -> mark(name, message);
      case ScheduleRefusedException.EXPRESSION -> mark(expression, message);
      case ScheduleRefusedException.TIME_ZONE -> mark(zone, message);
      case ScheduleRefusedException.PARAMETERS -> parametersError.setText(message);
      default -> formError.setText(message);
    }
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

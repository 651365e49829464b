package dev.kiln.portal.schedule.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ui.ParameterFields;
import dev.kiln.portal.schedule.MisfirePolicy;
import dev.kiln.portal.schedule.OverlapPolicy;
import dev.kiln.portal.schedule.ScheduleDraft;
import dev.kiln.portal.schedule.ScheduleInfo;
import dev.kiln.portal.schedule.ScheduleRefusedException;
import dev.kiln.portal.schedule.ScheduleService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Adds or edits a schedule: its name, when it fires (see {@link ScheduleTiming}, which explains the
 * expression while the user types and keeps Save disabled while it is wrong), what it does about
 * missed runs and overlaps, and the parameter values its builds get. Save shows what the service
 * refuses on the field at fault.
 */
class ScheduleDialog extends Dialog {

  private final ScheduleService schedules;
  private final long projectId;
  private final ScheduleInfo existing;
  private final Consumer<String> onSaved;
  private final TextField name = new TextField("Name");
  private final Checkbox enabled = new Checkbox("Enabled");
  private final RadioButtonGroup<MisfirePolicy> misfire =
      new RadioButtonGroup<>("Missed runs (while Kiln was down)");
  private final RadioButtonGroup<OverlapPolicy> overlap =
      new RadioButtonGroup<>("When a build is still running");
  private final ScheduleTiming timing;
  private final ParameterFields parameters;
  private final Div parametersError = new Div();
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
    timing =
        new ScheduleTiming(
            schedules, projectId, existing == null ? null : existing.id(), save::setEnabled);
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
    add(configureForm(), timing.preview(formError));
    save.setId("save-schedule");
    save.addThemeVariants(ButtonVariant.PRIMARY);
    save.addClickListener(e -> save());
    var cancel = new Button("Cancel", e -> close());
    cancel.setId("cancel-schedule");
    getFooter().add(cancel, save);
    timing.check();
  }

  private void configureFields() {
    // The service judges the name; the field's own check would clear its mark on blur.
    name.setManualValidation(true);
    name.setId("schedule-name");
    name.setPlaceholder("nightly");
    name.setRequired(true);
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
    timing.fill(draft.expression(), draft.timeZone());
    enabled.setValue(draft.enabled());
    misfire.setValue(draft.misfire());
    overlap.setValue(draft.overlap());
  }

  private FormLayout configureForm() {
    var heading =
        new Span(
            declaredCount() == 0 ? "" : "Parameters (empty: the project's default when it fires)");
    heading.addClassName("muted");
    var expression = timing.expressionField();
    var form =
        new FormLayout(
            name,
            timing.zoneField(),
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

  private void save() {
    formError.setText("");
    name.setInvalid(false);
    name.setErrorMessage(null);
    parametersError.setText("");
    Map<String, String> values = parameters.values();
    var draft =
        new ScheduleDraft(
            name.getValue(),
            timing.expression(),
            timing.zone(),
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
    if (timing.show(field, message)) {
      return;
    }
    switch (field) {
      case ScheduleRefusedException.NAME -> {
        name.setErrorMessage(message);
        name.setInvalid(true);
      }
      case ScheduleRefusedException.PARAMETERS -> parametersError.setText(message);
      default -> formError.setText(message);
    }
  }
}

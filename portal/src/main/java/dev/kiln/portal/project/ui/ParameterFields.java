package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ParameterValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One field per declared parameter, for values a build runs with: a select for a parameter with
 * choices, a text field otherwise, its description as help and its pattern checked as one types.
 * Two uses: "Run now" fills in the defaults and sends every value; a schedule leaves a field empty
 * for "the project's default when it fires", and shows values it stored for names the project no
 * longer declares, marked, so that saving never drops them unseen.
 */
public final class ParameterFields extends FormLayout {

  /** A select's item for "no value given": the default applies. */
  private static final String DEFAULT = "";

  private final boolean emptyMeansDefault;
  private final Map<String, AbstractField<?, String>> fields = new LinkedHashMap<>();
  private final Map<String, ParameterDeclaration> declared = new LinkedHashMap<>();

  /**
   * @param values the values to show: a schedule's own, or none to start from the defaults
   * @param emptyMeansDefault whether an empty field means "the default" (schedules) rather than the
   *     default being filled in (Run now)
   */
  public ParameterFields(
      List<ParameterDeclaration> declarations,
      Map<String, String> values,
      boolean emptyMeansDefault) {
    this.emptyMeansDefault = emptyMeansDefault;
    setResponsiveSteps(new ResponsiveStep("0", 1), new ResponsiveStep("32em", 2));
    for (ParameterDeclaration d : declarations) {
      declared.put(d.name(), d);
      String value = values.getOrDefault(d.name(), emptyMeansDefault ? DEFAULT : d.defaultValue());
      add(d.choices().isEmpty() ? text(d, value) : select(d, value));
    }
    values.keySet().stream()
        .filter(name -> !declared.containsKey(name))
        .forEach(
            name -> {
              var field = new TextField(name, values.get(name), "");
              field.setId("parameter-" + name);
              field.setHelperText(
                  "Clear it to drop it: the project does not declare " + name + ".");
              register(name, field);
              mark(field, name + " is not a parameter of this project.");
              add(field);
            });
  }

  /** The values to send: every field's, but empty ones when they mean "the default". */
  public Map<String, String> values() {
    Map<String, String> values = new LinkedHashMap<>();
    fields.forEach(
        (name, field) -> {
          if (!(emptyMeansDefault && field.getValue().isEmpty())) {
            values.put(name, field.getValue());
          }
        });
    return values;
  }

  /** Marks the fields at fault, by parameter name; returns the problems no field shows. */
  public List<String> showProblems(Map<String, String> problems) {
    fields.values().forEach(f -> mark(f, null));
    List<String> rest = new ArrayList<>();
    problems.forEach(
        (name, problem) -> {
          var field = fields.get(name);
          if (field == null) {
            rest.add(problem);
          } else {
            mark(field, problem);
          }
        });
    return rest;
  }

  /** Whether every field holds a value its declaration allows, as far as a look here tells. */
  public boolean allValid() {
    return fields.values().stream().noneMatch(f -> ((HasValidation) f).isInvalid());
  }

  private TextField text(ParameterDeclaration d, String value) {
    var field = new TextField(d.name(), value, "");
    field.setWidthFull();
    field.addClassName("monospace");
    field.setHelperText(help(d));
    if (emptyMeansDefault) {
      field.setPlaceholder(
          d.defaultValue().isEmpty() ? "(empty by default)" : "default: " + d.defaultValue());
    }
    field.setValueChangeMode(ValueChangeMode.LAZY);
    field.addValueChangeListener(e -> mark(field, problem(d, e.getValue())));
    register(d.name(), field);
    return field;
  }

  private Select<String> select(ParameterDeclaration d, String value) {
    var field = new Select<String>();
    field.setLabel(d.name());
    List<String> items = new ArrayList<>();
    if (emptyMeansDefault) {
      items.add(DEFAULT);
    }
    items.addAll(d.choices());
    field.setItems(items);
    field.setItemLabelGenerator(
        item ->
            item.equals(DEFAULT) && emptyMeansDefault
                ? "(default: " + d.defaultValue() + ")"
                : item);
    field.setValue(items.contains(value) ? value : items.getFirst());
    field.setHelperText(d.description());
    register(d.name(), field);
    return field;
  }

  private void register(String name, AbstractField<?, String> field) {
    field.setId("parameter-" + name);
    ((HasValidation) field).setManualValidation(true);
    fields.put(name, field);
  }

  private Optional<String> problemOf(ParameterDeclaration d, String value) {
    return emptyMeansDefault && value.isEmpty()
        ? Optional.empty()
        : ParameterValues.valueProblem(d, value);
  }

  private String problem(ParameterDeclaration d, String value) {
    return problemOf(d, value).orElse(null);
  }

  private static String help(ParameterDeclaration d) {
    String pattern = d.pattern() == null ? "" : "Must match " + d.pattern();
    return d.description().isEmpty() || pattern.isEmpty()
        ? d.description() + pattern
        : d.description() + " · " + pattern;
  }

  private static void mark(AbstractField<?, String> field, String problem) {
    var validation = (HasValidation) field;
    validation.setErrorMessage(problem);
    validation.setInvalid(problem != null);
  }
}

package dev.kiln.portal.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.customfield.CustomField;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.portal.base.SettingChecks;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A builder's settings form, rendered from the schema the builder describes: plugins carry no UI.
 */
public class SettingsForm extends FormLayout {

  private final Map<String, HasValue<?, ?>> fields = new LinkedHashMap<>();

  /** Shows these fields with these values (a field without a value shows its default). */
  public void show(List<SettingField> schema, Map<String, String> values) {
    removeAll();
    fields.clear();
    for (SettingField field : schema) {
      HasValue<?, ?> input = input(field, values.getOrDefault(field.key(), field.defaultValue()));
      ((Component) input).setId("setting-" + field.key());
      fields.put(field.key(), input);
      add((Component) input);
    }
    setVisible(!schema.isEmpty());
  }

  /** The values entered, by field key. */
  public Map<String, String> values() {
    Map<String, String> values = new HashMap<>();
    fields.forEach(
        (key, field) -> {
          Object value = field.getValue();
          if (value != null) {
            values.put(key, value.toString());
          }
        });
    return values;
  }

  /**
   * Marks the fields named in {@code problems}; returns the problems that belong to no field here.
   */
  public Map<String, String> showProblems(Map<String, String> problems) {
    Map<String, String> rest = new LinkedHashMap<>(problems);
    fields.forEach(
        (key, field) -> {
          if (field instanceof HasValidation validation) {
            String problem = rest.remove(key);
            validation.setErrorMessage(problem);
            validation.setInvalid(problem != null);
          }
        });
    return rest;
  }

  private static HasValue<?, ?> input(SettingField field, String value) {
    String label = field.label() + (field.required() ? " *" : "");
    return switch (field.type()) {
      case MULTILINE -> {
        var area = new TextArea(label, value == null ? "" : value, "");
        area.setHelperText(field.help());
        yield area;
      }
      case BOOLEAN -> {
        var box = new Checkbox(field.label(), "true".equals(value));
        box.setTooltipText(field.help());
        yield new BooleanText(box);
      }
      case CHOICE -> {
        var select = new Select<String>();
        select.setLabel(label);
        select.setItems(field.choices());
        select.setValue(value != null && field.choices().contains(value) ? value : null);
        select.setHelperText(field.help());
        yield select;
      }
      case NUMBER -> number(field, label, value);
      default -> {
        var text = new TextField(label, value == null ? "" : value, "");
        text.setHelperText(
            field.type() == SettingField.FieldType.SECRET_REF
                ? field.help() + " (the name of a Kiln secret)"
                : field.help());
        yield text;
      }
    };
  }

  /**
   * A text field for a whole number that says its range under the field and marks a value outside
   * it as the user leaves the field, in the words saving would use.
   */
  private static TextField number(SettingField field, String label, String value) {
    var text = new TextField(label, value == null ? "" : value, "");
    text.setHelperText(
        SettingChecks.describe(field.range())
            .map(range -> (field.help() + " A whole number " + range + ".").strip())
            .orElse(field.help()));
    text.addValueChangeListener(
        change -> {
          String problem =
              change.getValue().isBlank()
                  ? null
                  : SettingChecks.problem(field, change.getValue()).orElse(null);
          text.setErrorMessage(problem);
          text.setInvalid(problem != null);
        });
    return text;
  }

  /** A checkbox whose value reads as the strings {@code "true"} and {@code "false"}. */
  private static final class BooleanText extends CustomField<String> {
    private final Checkbox box;

    BooleanText(Checkbox box) {
      this.box = box;
      add(box);
    }

    @Override
    protected String generateModelValue() {
      return String.valueOf(box.getValue());
    }

    @Override
    protected void setPresentationValue(String value) {
      box.setValue("true".equals(value));
    }
  }
}

package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ParameterDeclarations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project form's Parameters section: one row per declared parameter (name, description,
 * default, and choices or a pattern), rows added and removed in place. The service judges them; its
 * problems, keyed {@code parameters[i].field}, are shown under the field at fault.
 */
class ParametersEditor extends VerticalLayout {

  private final List<Row> rows = new ArrayList<>();
  private final VerticalLayout list = new VerticalLayout();
  private final Div error = new Div();

  ParametersEditor() {
    setPadding(false);
    setId("project-parameters-editor");
    list.setPadding(false);
    error.addClassName("error-text");
    var add =
        new Button(
            "Add parameter", VaadinIcon.PLUS.create(), e -> add(ParameterDeclaration.free("")));
    add.setId("add-parameter");
    add.addThemeVariants(ButtonVariant.TERTIARY);
    add(
        new H3("Parameters"),
        new Paragraph(
            "Values a build's trigger may give (Run now, the REST API, a webhook, a"
                + " schedule). Only these names are accepted; the script receives each as an environment variable, as data"
                + " that Kiln never evaluates. Use a list of choices or a pattern to narrow what a webhook sender may send."),
        list,
        error,
        add);
  }

  void show(List<ParameterDeclaration> declarations) {
    rows.clear();
    list.removeAll();
    declarations.forEach(this::add);
  }

  List<ParameterDeclaration> declarations() {
    return rows.stream().map(Row::declaration).toList();
  }

  /** Marks the fields at fault; returns the problems of other fields, untouched. */
  Map<String, String> showProblems(Map<String, String> problems) {
    var rest = new LinkedHashMap<>(problems);
    error.setText(rest.getOrDefault(ParameterDeclarations.FIELD, ""));
    rest.remove(ParameterDeclarations.FIELD);
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      mark(row.name, rest.remove(ParameterDeclarations.key(i, "name")));
      mark(row.description, rest.remove(ParameterDeclarations.key(i, "description")));
      mark(row.defaultValue, rest.remove(ParameterDeclarations.key(i, "defaultValue")));
      mark(row.choices, rest.remove(ParameterDeclarations.key(i, "choices")));
      mark(row.pattern, rest.remove(ParameterDeclarations.key(i, "pattern")));
    }
    return rest;
  }

  private void add(ParameterDeclaration d) {
    Row row = new Row(d);
    rows.add(row);
    list.add(row.layout);
  }

  private static void mark(HasValidation field, String problem) {
    field.setErrorMessage(problem);
    field.setInvalid(problem != null);
  }

  /** One parameter's fields. */
  private final class Row {
    final TextField name = new TextField("Name");
    final TextField description = new TextField("Description");
    final TextField defaultValue = new TextField("Default");
    final TextArea choices = new TextArea("Choices");
    final TextField pattern = new TextField("Pattern");
    final HorizontalLayout layout = new HorizontalLayout();

    Row(ParameterDeclaration d) {
      name.setValue(d.name());
      name.setPlaceholder("RELEASE_CHANNEL");
      name.addClassName("monospace");
      name.setHelperText("Upper-case letters, digits, _");
      description.setValue(d.description());
      defaultValue.setValue(d.defaultValue());
      defaultValue.addClassName("monospace");
      choices.setValue(String.join("\n", d.choices()));
      choices.setHelperText("One per line, or none");
      choices.setMaxHeight("6rem");
      pattern.setValue(d.pattern() == null ? "" : d.pattern());
      pattern.addClassName("monospace");
      pattern.setPlaceholder("[0-9]+\\.[0-9]+");
      pattern.setHelperText("RE2; the whole value");
      for (HasValidation field :
          new HasValidation[] {name, description, defaultValue, choices, pattern}) {
        field.setManualValidation(true);
      }
      name.addClassName("parameter-name");
      description.addClassName("parameter-description");
      defaultValue.addClassName("parameter-default");
      choices.addClassName("parameter-choices");
      pattern.addClassName("parameter-pattern");
      var remove =
          new Button(
              VaadinIcon.TRASH.create(),
              e -> {
                rows.remove(this);
                list.remove(layout);
              });
      remove.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.ERROR);
      remove.setAriaLabel("Remove this parameter");
      remove.addClassName("remove-parameter");
      layout.add(name, description, defaultValue, choices, pattern, remove);
      layout.addClassName("parameter-row");
      layout.setWidthFull();
      layout.setAlignItems(FlexComponent.Alignment.BASELINE);
      // Fields wrap to a second line rather than run off a narrow form (kiln.css, .parameter-row).
    }

    ParameterDeclaration declaration() {
      List<String> given =
          Arrays.stream(choices.getValue().split("\\R"))
              .map(String::strip)
              .filter(c -> !c.isEmpty())
              .toList();
      return new ParameterDeclaration(
          name.getValue(),
          description.getValue(),
          defaultValue.getValue(),
          given,
          pattern.getValue());
    }
  }
}

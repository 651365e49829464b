package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.kiln.portal.project.InvalidProjectException;
import dev.kiln.portal.project.ProjectDraft;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The project form's first part: the project's name and its description. */
final class NameFields implements ProjectFormPart {

  private final TextField name = new TextField("Name");
  private final TextArea description = new TextArea("Description");

  NameFields() {
    name.setId("project-name");
    description.setId("project-description");
    name.setRequired(true);
  }

  String name() {
    return name.getValue();
  }

  String description() {
    return description.getValue();
  }

  @Override
  public List<Component> components() {
    return List.of(name, description);
  }

  @Override
  public void fill(ProjectDraft draft) {
    name.setValue(draft.name());
    description.setValue(draft.description());
  }

  @Override
  public void showProblems(Map<String, String> rest) {
    ProjectFormPart.mark(name, rest.remove(InvalidProjectException.NAME));
    ProjectFormPart.mark(description, rest.remove(InvalidProjectException.DESCRIPTION));
  }

  @Override
  public void clearProblems() {
    name.setInvalid(false);
    description.setInvalid(false);
  }

  @Override
  public Optional<Component> firstAtFault() {
    return ProjectFormPart.firstInvalid(name, description);
  }
}

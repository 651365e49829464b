package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import dev.kiln.portal.project.ProjectDraft;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One part of the project form: a few fields the form lays out in order, filled from a draft and
 * marked with the problems the service found in them.
 */
interface ProjectFormPart {

  /** Its components, in the order the form shows them. */
  List<Component> components();

  /** Shows the draft's values of its fields. */
  void fill(ProjectDraft draft);

  /** Marks its fields with their problems, clearing the others; takes those out of {@code rest}. */
  void showProblems(Map<String, String> rest);

  /** Unmarks its fields before the next save. */
  void clearProblems();

  /** Its first component marked at fault, to bring into view. */
  Optional<Component> firstAtFault();

  /** Shows {@code problem} under {@code field}, or clears it when there is none. */
  static void mark(HasValidation field, String problem) {
    field.setErrorMessage(problem);
    field.setInvalid(problem != null);
  }

  /** The first of {@code fields} marked invalid. */
  static Optional<Component> firstInvalid(Component... fields) {
    for (Component field : fields) {
      if (((HasValidation) field).isInvalid()) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }
}

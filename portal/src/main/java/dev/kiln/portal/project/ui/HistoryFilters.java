package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.kiln.portal.build.BuildFilter;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.build.InvalidBuildFilterException;
import dev.kiln.portal.build.TriggerKind;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The filters above a project's build history: state, branch or tag, trigger, and a search by
 * commit. A filter that cannot be (a commit that is not hex) is marked on its field and changes
 * nothing; a valid one is handed on at once.
 */
final class HistoryFilters extends HorizontalLayout {

  private final Select<BuildState> state = new Select<>();
  private final TextField ref = new TextField();
  private final Select<TriggerKind> trigger = new Select<>();
  private final TextField commit = new TextField();
  private final Consumer<BuildFilter> changed;

  HistoryFilters(Consumer<BuildFilter> changed) {
    this.changed = changed;
    state.setId("history-state");
    state.setPlaceholder("Any state");
    state.setAriaLabel("State");
    state.setItems(BuildState.values());
    state.setItemLabelGenerator(s -> s == null ? "Any state" : words(s.name()));
    state.setEmptySelectionAllowed(true);
    state.setEmptySelectionCaption("Any state");
    trigger.setId("history-trigger");
    trigger.setAriaLabel("Trigger");
    trigger.setItems(TriggerKind.values());
    trigger.setItemLabelGenerator(t -> t == null ? "Any trigger" : words(t.name()));
    trigger.setEmptySelectionAllowed(true);
    trigger.setEmptySelectionCaption("Any trigger");
    text(ref, "history-ref", "Branch or tag", VaadinIcon.BRANCH);
    text(commit, "history-commit", "Commit SHA", VaadinIcon.SEARCH);
    add(state, ref, trigger, commit);
    setAlignItems(FlexComponent.Alignment.BASELINE);
    setWrap(true);
    for (HasValue<?, ?> field : new HasValue<?, ?>[] {state, ref, trigger, commit}) {
      field.addValueChangeListener(e -> apply());
    }
  }

  private static void text(TextField field, String id, String placeholder, VaadinIcon icon) {
    field.setId(id);
    field.setPlaceholder(placeholder);
    field.setAriaLabel(placeholder);
    field.setPrefixComponent(icon.create());
    field.setClearButtonVisible(true);
    field.setValueChangeMode(ValueChangeMode.LAZY);
  }

  private void apply() {
    ref.setInvalid(false);
    commit.setInvalid(false);
    try {
      changed.accept(
          BuildFilter.parse(
              state.getValue() == null ? null : state.getValue().name(),
              ref.getValue(),
              trigger.getValue() == null ? null : trigger.getValue().name(),
              commit.getValue()));
    } catch (InvalidBuildFilterException e) {
      Map<String, String> problems = e.problems();
      mark(ref, problems.get("ref"));
      mark(commit, problems.get("commit"));
    }
  }

  private static void mark(TextField field, String problem) {
    if (problem != null) {
      field.setErrorMessage(problem);
      field.setInvalid(true);
    }
  }

  private static String words(String constant) {
    String lower = constant.replace('_', ' ').toLowerCase(Locale.ROOT);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }
}

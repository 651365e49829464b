package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.PollEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.shared.Registration;
import dev.kiln.portal.project.InvalidProjectException;
import dev.kiln.portal.project.ProjectSource;
import dev.kiln.portal.project.RepositoryAccess;
import dev.kiln.portal.project.RepositoryChecks;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * "Check access" on the project form: asks a runner node to try the repository as the form has it
 * now (saved or not), then polls for the answer and shows it in words beside the button.
 */
final class AccessCheck extends HorizontalLayout {

  private static final int POLL_MILLIS = 1000;

  private final RepositoryChecks checks;
  private final Button button = new Button("Check access");
  private final Span answer = new Span();
  private Supplier<Long> projectId = () -> null;
  private Supplier<ProjectSource> source = () -> ProjectSource.NONE;
  private Consumer<Map<String, String>> problems = p -> {};
  private Registration polling;
  private long checkId;

  AccessCheck(RepositoryChecks checks) {
    this.checks = checks;
    button.setId("check-access");
    button.addClickListener(e -> start());
    answer.setId("check-access-answer");
    setAlignItems(Alignment.BASELINE);
    add(button, answer);
  }

  /** Where the check takes the draft from, and where it reports refused fields. */
  void connect(
      Supplier<Long> projectId,
      Supplier<ProjectSource> source,
      Consumer<Map<String, String>> problems) {
    this.projectId = projectId;
    this.source = source;
    this.problems = problems;
  }

  private void start() {
    stop();
    problems.accept(Map.of());
    try {
      checkId = checks.request(projectId.get(), source.get());
    } catch (InvalidProjectException e) {
      problems.accept(e.problems());
      show(null, "Not checked: correct the marked fields first.");
      return;
    } catch (IllegalStateException e) {
      show(false, e.getMessage());
      return;
    }
    show(null, "Asking a runner node…");
    button.setEnabled(false);
    UI ui = UI.getCurrent();
    ui.setPollInterval(POLL_MILLIS);
    ComponentEventListener<PollEvent> listener =
        e -> checks.answer(checkId).ifPresent(this::finish);
    polling = ui.addPollListener(listener);
  }

  private void finish(RepositoryAccess access) {
    stop();
    show(access.reachable(), access.words());
  }

  private void stop() {
    button.setEnabled(true);
    if (polling != null) {
      polling.remove();
      polling = null;
      getUI().ifPresent(ui -> ui.setPollInterval(-1));
    }
  }

  private void show(Boolean reachable, String words) {
    answer.setText(words);
    answer.removeClassNames("error-text", "success-text");
    if (reachable != null) {
      answer.addClassName(reachable ? "success-text" : "error-text");
    }
    answer
        .getElement()
        .setAttribute("data-state", reachable == null ? "waiting" : reachable ? "ok" : "problem");
  }

  @Override
  protected void onDetach(DetachEvent detachEvent) {
    stop();
  }
}

package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import dev.kiln.portal.build.Revision;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.project.InvalidParametersException;
import dev.kiln.portal.project.ProjectInfo;
import dev.kiln.portal.project.ProjectService;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * "Run now" for a project with a repository or declared parameters: asks which branch, tag or
 * commit to build (the default branch filled in) and the parameters' values (their defaults filled
 * in).
 */
class RunNowDialog extends Dialog {

  private final ParameterFields fields;
  private final TextField ref = new TextField("Branch, tag or commit");
  private final Div error = new Div();

  RunNowDialog(ProjectService projects, ProjectInfo project, String user, LongConsumer started) {
    setHeaderTitle("Run " + project.name());
    setWidth("min(46rem, 95vw)");
    fields = new ParameterFields(project.parameters(), Map.of(), false);
    fields.setId("run-parameters");
    error.setId("run-error");
    error.addClassName("error-text");
    if (project.source().present()) {
      ref.setId("run-ref");
      ref.setWidthFull();
      ref.setValue(project.source().defaultBranch());
      ref.setPlaceholder("the repository's default branch");
      ref.setHelperText(
          "A branch (main), a tag (v1.2.0) or a full 40-digit commit SHA of "
              + project.source().repository()
              + ".");
      add(ref);
    }
    if (!project.parameters().isEmpty()) {
      add(new Paragraph("The build's script receives these as environment variables."), fields);
    }
    add(error);
    var run = new Button("Run", e -> run(projects, project, user, started));
    run.setId("run-with-parameters");
    run.addThemeVariants(ButtonVariant.PRIMARY);
    var cancel = new Button("Cancel", e -> close());
    getFooter().add(cancel, run);
  }

  private void run(
      ProjectService projects, ProjectInfo project, String user, LongConsumer started) {
    error.setText("");
    ProjectFormPart.mark(ref, null);
    Trigger trigger = Trigger.manual(user).withParameters(fields.values());
    if (project.source().present()) {
      trigger = trigger.withRevision(Revision.requested(ref.getValue()));
    }
    try {
      long buildId = projects.runNow(project.id(), trigger);
      close();
      started.accept(buildId);
    } catch (InvalidParametersException ex) {
      Map<String, String> problems = new HashMap<>(ex.problems());
      ProjectFormPart.mark(ref, problems.remove(InvalidParametersException.REF));
      error.setText(String.join(" ", fields.showProblems(problems)));
    } catch (IllegalStateException ex) {
      error.setText(ex.getMessage());
    }
  }
}

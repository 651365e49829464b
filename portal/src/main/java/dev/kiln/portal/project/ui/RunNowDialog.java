package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.project.InvalidParametersException;
import dev.kiln.portal.project.ProjectInfo;
import dev.kiln.portal.project.ProjectService;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * "Run now" for a project that declares parameters: asks for their values, the defaults filled in.
 */
class RunNowDialog extends Dialog {

  private final ParameterFields fields;
  private final Div error = new Div();

  RunNowDialog(ProjectService projects, ProjectInfo project, String user, LongConsumer started) {
    setHeaderTitle("Run " + project.name());
    setWidth("min(46rem, 95vw)");
    fields = new ParameterFields(project.parameters(), Map.of(), false);
    fields.setId("run-parameters");
    error.setId("run-error");
    error.addClassName("error-text");
    add(
        new Paragraph("The build's script receives these as environment variables."),
        fields,
        error);
    var run =
        new Button(
            "Run",
            e -> {
              error.setText("");
              try {
                long buildId =
                    projects.runNow(
                        project.id(), Trigger.manual(user).withParameters(fields.values()));
                close();
                started.accept(buildId);
              } catch (InvalidParametersException ex) {
                error.setText(String.join(" ", fields.showProblems(ex.problems())));
              } catch (IllegalStateException ex) {
                error.setText(ex.getMessage());
              }
            });
    run.setId("run-with-parameters");
    run.addThemeVariants(ButtonVariant.PRIMARY);
    var cancel = new Button("Cancel", e -> close());
    getFooter().add(cancel, run);
  }
}

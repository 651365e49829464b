package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.textfield.IntegerField;
import dev.kiln.portal.project.InvalidProjectException;
import dev.kiln.portal.project.ProjectDraft;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The project form's last part: how Kiln queues and runs the project's builds, that is how long one
 * may take, its priority in the queue, and how often a lost one is queued again.
 */
final class QueueFields implements ProjectFormPart {

  private final IntegerField timeout = new IntegerField("Timeout (minutes)");
  private final IntegerField priority = new IntegerField("Priority");
  private final IntegerField retries = new IntegerField("Retries");

  QueueFields() {
    timeout.setId("project-timeout");
    timeout.setMin(1);
    timeout.setMax(24 * 60);
    timeout.setStepButtonsVisible(true);
    priority.setId("project-priority");
    priority.setMin(-10);
    priority.setMax(10);
    priority.setStepButtonsVisible(true);
    priority.setManualValidation(true); // Kiln's own messages, from the service
    priority.setHelperText(
        "From -10 to 10, 0 is normal. Queued builds of a higher priority start first, even"
            + " before older ones of a lower priority.");
    retries.setId("project-retries");
    retries.setMin(0);
    retries.setMax(5);
    retries.setStepButtonsVisible(true);
    retries.setManualValidation(true);
    priority.addValueChangeListener(e -> priority.setInvalid(false)); // the old message is stale
    retries.addValueChangeListener(e -> retries.setInvalid(false));
    retries.setHelperText(
        "From 0 to 5: how often a lost build is queued again (a build is lost when the node"
            + " running it stops).");
  }

  /** The timeout; none given is zero, which the service refuses under the field. */
  Duration timeout() {
    return Duration.ofMinutes(timeout.getValue() == null ? 0 : timeout.getValue());
  }

  /** The priority; none given is out of range, which the service refuses under the field. */
  int priority() {
    return priority.getValue() == null ? Integer.MIN_VALUE : priority.getValue();
  }

  /** The retries; none given is out of range, which the service refuses under the field. */
  int retries() {
    return retries.getValue() == null ? Integer.MIN_VALUE : retries.getValue();
  }

  @Override
  public List<Component> components() {
    return List.of(timeout, priority, retries);
  }

  @Override
  public void fill(ProjectDraft draft) {
    timeout.setValue((int) Math.max(1, draft.timeout().toMinutes()));
    priority.setValue(draft.priority());
    retries.setValue(draft.retries());
  }

  @Override
  public void showProblems(Map<String, String> rest) {
    ProjectFormPart.mark(timeout, rest.remove(InvalidProjectException.TIMEOUT));
    ProjectFormPart.mark(priority, rest.remove(InvalidProjectException.PRIORITY));
    ProjectFormPart.mark(retries, rest.remove(InvalidProjectException.RETRIES));
  }

  @Override
  public void clearProblems() {
    timeout.setInvalid(false);
    priority.setInvalid(false);
    retries.setInvalid(false);
  }

  @Override
  public Optional<Component> firstAtFault() {
    return ProjectFormPart.firstInvalid(timeout, priority, retries);
  }
}

package dev.kiln.portal.project;

import dev.kiln.portal.base.SystemOnly;
import dev.kiln.portal.build.Trigger;
import java.util.NoSuchElementException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues builds for triggers that prove themselves without a user: a schedule firing, a webhook
 * delivery whose signature was checked. Callers answer for that check, so views and the REST API
 * never reach this class ({@code ArchitectureTest}); they use {@link ProjectService#runNow}.
 */
@SystemOnly
@Component
public class SystemTriggers {

  private final ProjectTrigger trigger;

  SystemTriggers(ProjectTrigger trigger) {
    this.trigger = trigger;
  }

  /**
   * Queues a build of the project as configured now.
   *
   * @return the build's id
   * @throws IllegalStateException when its builder cannot run builds; the message says why
   * @throws NoSuchElementException when the project is gone
   * @throws InvalidParametersException when it gives a parameter the project does not declare, or a
   *     value a declaration does not allow (audited)
   */
  // The refusals come before anything is written, so they leave a caller's transaction usable: a
  // schedule records "Not run: …" for its fire time in the same transaction.
  @Transactional(
      noRollbackFor = {
        IllegalStateException.class,
        NoSuchElementException.class,
        InvalidParametersException.class
      })
  public long queue(long projectId, Trigger given) {
    return trigger.trigger(projectId, given);
  }
}

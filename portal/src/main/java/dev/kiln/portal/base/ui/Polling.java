package dev.kiln.portal.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.shared.Registration;

/** A screen that looks again by itself while it is open, for what changes on other nodes. */
public final class Polling {

  private Polling() {}

  /**
   * Runs {@code refresh} every {@code millis} while {@code screen} is attached, and stops when it
   * leaves.
   */
  public static void refreshEvery(Component screen, int millis, Runnable refresh) {
    Registration[] polling = new Registration[1];
    screen.addAttachListener(
        attach -> {
          attach.getUI().setPollInterval(millis);
          polling[0] = attach.getUI().addPollListener(poll -> refresh.run());
        });
    screen.addDetachListener(
        detach -> {
          detach.getUI().setPollInterval(-1);
          if (polling[0] != null) {
            polling[0].remove();
          }
        });
  }
}

package dev.kiln.portal.base.ui;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/**
 * The two notifications the screens show: something done, briefly; a problem, long enough to read.
 */
public final class Notices {

  private Notices() {}

  /** Something the user asked for was done ("Schedule nightly saved."). */
  public static void done(String message) {
    Notification.show(message, 3000, Notification.Position.BOTTOM_START)
        .addThemeVariants(NotificationVariant.SUCCESS);
  }

  /** Something the user asked for was refused or failed, with the reason. */
  public static void problem(String message) {
    Notification.show(message, 8000, Notification.Position.MIDDLE)
        .addThemeVariants(NotificationVariant.ERROR);
  }
}

package dev.kiln.portal.base.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.DefaultErrorHandler;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import dev.kiln.portal.base.Incidents;
import java.util.NoSuchElementException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * What a screen shows when a button's action fails in a way the screen did not catch. Vaadin's
 * default only logs it, so the user saw nothing happen (a Save that "did nothing"). Now a refusal
 * of access or a thing deleted meanwhile says so, and anything else is logged with its stack trace
 * under an error id that the notification shows ({@link Incidents}).
 */
@Component
class UiErrors implements VaadinServiceInitListener {

  @Override
  public void serviceInit(ServiceInitEvent event) {
    event
        .getSource()
        .addSessionInitListener(session -> session.getSession().setErrorHandler(new Handler()));
  }

  static final class Handler extends DefaultErrorHandler {

    @Override
    public void error(ErrorEvent event) {
      Throwable relevant = findRelevantThrowable(event.getThrowable());
      if (!shouldHandle(relevant)) {
        return; // the browser went away mid-request: nobody to tell
      }
      String message =
          switch (relevant) {
            case AccessDeniedException denied -> AccessDeniedView.reasonFor(denied);
            case NoSuchElementException gone ->
                gone.getMessage() + ": it was deleted in the meantime. Reload the page.";
            default -> Incidents.message(Incidents.record("the web UI", event.getThrowable()));
          };
      if (UI.getCurrent() != null) {
        Notices.problem(message);
      }
    }
  }
}

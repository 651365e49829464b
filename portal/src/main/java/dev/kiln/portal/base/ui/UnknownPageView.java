package dev.kiln.portal.base.ui;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.ParentLayout;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An address no screen answers to ({@code /projects} without an id, {@code /nope}, an id written as
 * {@code +14}), in place of Vaadin's bare "could not navigate" page. A stranger never sees it: it
 * needs a log-in, so they get the log-in page instead.
 */
@ParentLayout(MainLayout.class)
@PermitAll
public class UnknownPageView extends NotFoundPage implements HasErrorParameter<NotFoundException> {

  @Override
  public int setErrorParameter(
      BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
    String path = event.getLocation().getPath();
    say(
        path.isEmpty()
            ? "There is nothing at this address."
            : "There is no page at /" + clip(path) + ".");
    return HttpServletResponse.SC_NOT_FOUND;
  }

  private static String clip(String path) {
    return path.length() > 80 ? path.substring(0, 80) + "…" : path;
  }
}

package dev.kiln.portal.base.ui;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;
import java.util.NoSuchElementException;

/** A project or build that does not exist (any more), for example from an old link. */
@ParentLayout(MainLayout.class)
@PermitAll
public class NotFoundView extends NotFoundPage
    implements HasErrorParameter<NoSuchElementException> {

  @Override
  public int setErrorParameter(
      BeforeEnterEvent event, ErrorParameter<NoSuchElementException> parameter) {
    say(
        parameter.hasCustomMessage()
            ? parameter.getCustomMessage()
            : "There is nothing at this address.");
    return HttpServletResponse.SC_NOT_FOUND;
  }
}

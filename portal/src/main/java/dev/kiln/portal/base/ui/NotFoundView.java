package dev.kiln.portal.base.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
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
public class NotFoundView extends VerticalLayout implements HasErrorParameter<NoSuchElementException> {

  private final Paragraph what = new Paragraph();

  public NotFoundView() {
    addClassName("page");
    setId("not-found");
    add(new H2("Not found"), what, new Anchor("", "Back to the projects"));
  }

  @Override
  public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NoSuchElementException> parameter) {
    what.setText(parameter.hasCustomMessage() ? parameter.getCustomMessage() : "There is nothing at this address.");
    return HttpServletResponse.SC_NOT_FOUND;
  }
}

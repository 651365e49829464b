package dev.kiln.portal.base.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authorization.AuthorizationDeniedException;

/** What a logged-in user sees on a page their role does not allow. */
@ParentLayout(MainLayout.class)
@PermitAll
public final class AccessDeniedView extends VerticalLayout
    implements HasErrorParameter<AccessDeniedException> {

  private final Paragraph why = new Paragraph(DEFAULT_REASON);

  static final String DEFAULT_REASON =
      "Your role does not allow this page. Ask an admin if you need it.";

  public AccessDeniedView() {
    addClassName("page");
    setId("access-denied");
    why.setId("access-denied-reason");
    add(new H2("Not available to you"), why, new Anchor("", "Back to the projects"));
  }

  /**
   * What to tell a user a service refused: its own reason when it gave one, else one in words
   * (method security's refusals only say "Access Denied").
   */
  public static String reasonFor(org.springframework.security.access.AccessDeniedException e) {
    return e instanceof AuthorizationDeniedException || e.getMessage() == null
        ? "You are not a member of this project, or your role in it does not allow this page. Ask one of its"
            + " owners or an admin if you need it."
        : e.getMessage();
  }

  @Override
  public int setErrorParameter(
      BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
    // Views reroute here with a reason of their own, e.g. when the user is not a member of a
    // project.
    why.setText(parameter.hasCustomMessage() ? parameter.getCustomMessage() : DEFAULT_REASON);
    return HttpServletResponse.SC_FORBIDDEN;
  }
}

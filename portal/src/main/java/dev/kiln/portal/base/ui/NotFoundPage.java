package dev.kiln.portal.base.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

/**
 * What every "not found" answer looks like: Kiln's layout, a sentence, and the way back to the
 * projects.
 */
public abstract class NotFoundPage extends VerticalLayout {

  private final Paragraph what = new Paragraph();

  NotFoundPage() {
    addClassName("page");
    setId("not-found");
    what.setId("not-found-reason");
    var back = new Anchor("", "Back to the projects");
    back.setId("not-found-back");
    add(new H2("Not found"), what, back);
  }

  protected void say(String sentence) {
    what.setText(sentence);
  }
}

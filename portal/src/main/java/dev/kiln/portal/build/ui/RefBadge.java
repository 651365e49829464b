package dev.kiln.portal.build.ui;

import com.vaadin.flow.component.html.Span;
import dev.kiln.portal.build.Revision;

/** A branch or tag as a label; a tag says so, in words and in colour. */
public final class RefBadge extends Span {

  /** The badge of what the build built or was asked to build; empty text when it names none. */
  public RefBadge(Revision revision) {
    String name = revision.refName();
    addClassName("ref-badge");
    if (name == null) {
      setVisible(false);
      return;
    }
    boolean tag = revision.isTag();
    setText(tag ? "tag " + name : name);
    if (tag) {
      addClassName("ref-tag");
    }
    setTitle((tag ? "Tag " : revision.ref() == null ? "Requested " : "Branch ") + name);
  }
}

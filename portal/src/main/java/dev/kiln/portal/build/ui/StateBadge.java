package dev.kiln.portal.build.ui;

import com.vaadin.flow.component.html.Span;
import dev.kiln.portal.build.BuildState;
import java.util.Locale;

/** A build's state as a coloured label. */
public final class StateBadge extends Span {

  public StateBadge(BuildState state) {
    addClassName("state");
    set(state);
  }

  /** Shows another state. */
  public void set(BuildState state) {
    getClassNames().removeIf(c -> c.startsWith("state-"));
    addClassName("state-" + state.name().toLowerCase(Locale.ROOT));
    setText(state.name().replace('_', ' '));
    getElement().setAttribute("data-state", state.name());
  }
}

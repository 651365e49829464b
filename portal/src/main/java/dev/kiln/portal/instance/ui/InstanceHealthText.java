package dev.kiln.portal.instance.ui;

import com.vaadin.flow.component.html.Span;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.instance.InstanceInfo;
import java.util.Locale;

/** How a builder instance's health reads on screens: a badge, and one sentence. */
public final class InstanceHealthText {

  private InstanceHealthText() {}

  /** "Up, checked 10:42 on node-1: Connected as build@host in 84 ms." */
  public static String of(InstanceInfo instance) {
    String state =
        switch (instance.health()) {
          case UP -> "Up";
          case DOWN -> "Down";
          case NEEDS_APPROVAL -> "Waiting for an admin's approval";
          case UNKNOWN -> "Not checked yet";
        };
    String when =
        instance.checkedAt() == null
            ? ""
            : ", checked "
                + Formats.time(instance.checkedAt())
                + (instance.checkNode() == null ? "" : " on " + instance.checkNode());
    String message =
        instance.healthMessage() == null || instance.healthMessage().isBlank()
            ? ""
            : ": " + instance.healthMessage();
    return state + when + message;
  }

  /** A badge with the state's word. */
  public static Span badge(InstanceInfo instance) {
    var badge =
        new Span(
            switch (instance.health()) {
              case UP -> "up";
              case DOWN -> "down";
              case NEEDS_APPROVAL -> "needs approval";
              case UNKNOWN -> "unknown";
            });
    badge.addClassNames("state", "state-" + instance.health().name().toLowerCase(Locale.ROOT));
    return badge;
  }
}

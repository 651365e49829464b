package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Span;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.ui.StateBadge;
import dev.kiln.portal.project.ProjectInfo;
import java.time.Instant;

/**
 * A line of the projects list: the project and its last build, or {@code null} before its first.
 *
 * @param now when the page was read, for "3 min ago"
 */
record ProjectRow(ProjectInfo project, BuildInfo last, Instant now) {

  /**
   * The last build's state and how long ago it ended (or started); "never built" before the first.
   */
  Component lastBuild() {
    if (last == null) {
      var never = new Span("never built");
      never.addClassName("muted");
      return never;
    }
    Instant at =
        last.finishedAt() != null
            ? last.finishedAt()
            : last.startedAt() != null ? last.startedAt() : last.queuedAt();
    var when = new Span(" " + TimeAgo.of(at, now));
    when.addClassName("muted");
    var cell = new Span(new StateBadge(last.state()), when);
    cell.addClassName("last-build");
    cell.setTitle("#" + last.number() + ", " + Formats.time(at));
    return cell;
  }
}

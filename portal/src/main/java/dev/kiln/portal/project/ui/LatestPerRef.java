package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildSearch;
import dev.kiln.portal.build.ui.RefBadge;
import dev.kiln.portal.build.ui.StateBadge;
import java.time.Instant;
import java.util.List;

/**
 * Where each branch stands: the last build of every branch the project has built (the most recent
 * first, at most {@value #BRANCHES}) and of its few newest tags, one query for each. Shown on the
 * page of a project with a repository once something has been built.
 */
final class LatestPerRef extends Div {

  static final int BRANCHES = 10;
  static final int TAGS = 3;

  LatestPerRef(BuildSearch search, long projectId) {
    setId("latest-per-ref");
    addClassName("latest-per-ref");
    List<BuildInfo> branches = search.lastPerBranch(projectId).stream().limit(BRANCHES).toList();
    List<BuildInfo> tags = search.lastPerTag(projectId, TAGS);
    setVisible(!branches.isEmpty() || !tags.isEmpty());
    if (!branches.isEmpty()) {
      add(new H4("Branches"));
      branches.forEach(b -> add(row(b)));
    }
    if (!tags.isEmpty()) {
      add(new H4("Latest tags"));
      tags.forEach(b -> add(row(b)));
    }
  }

  private static Div row(BuildInfo build) {
    var number = new Anchor("builds/" + build.id(), "#" + build.number());
    number.getElement().setAttribute("router-ignore", true);
    var when = new Span(TimeAgo.of(build.queuedAt(), Instant.now()));
    when.addClassName("muted");
    var row =
        new Div(
            new RefBadge(build.revision()),
            new StateBadge(build.state()),
            number,
            new CommitCell(build.revision()),
            when);
    row.addClassName("ref-row");
    row.getElement().setAttribute("data-ref", build.revision().refName());
    return row;
  }
}

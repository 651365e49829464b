package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.kiln.portal.build.Revision;

/**
 * A build's commit in a list: the short SHA, then the subject, cut to the column with the whole
 * subject as the tooltip. Text only: a commit's subject is data, never markup.
 */
final class CommitCell extends Div {

  CommitCell(Revision revision) {
    addClassName("commit-cell");
    if (!revision.resolved()) {
      var pending = new Span(revision.requested() == null ? "–" : "…");
      pending.addClassName("muted");
      add(pending);
      return;
    }
    var sha = new Span(revision.shortCommit());
    sha.addClassName("monospace");
    add(sha);
    if (revision.subject() != null) {
      var subject = new Span(revision.subject());
      subject.addClassName("muted");
      add(subject);
      setTitle(revision.commit() + "\n" + revision.subject());
    } else {
      setTitle(revision.commit());
    }
  }
}

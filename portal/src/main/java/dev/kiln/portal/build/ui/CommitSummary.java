package dev.kiln.portal.build.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.Revision;
import java.util.ArrayList;

/**
 * What a build builds, under its title: the branch or tag (a tag marked as one), the short commit
 * (a link to the commit's page on the forge when {@link CommitLinks} knows one), its subject,
 * author and time; "resolving main…" until the runner has resolved it ("no commit recorded" once a
 * build ended without). Everything from the commit is text, never markup. Hidden for a build
 * without a repository.
 */
final class CommitSummary extends Div {

  CommitSummary() {
    setId("build-commit");
    addClassName("commit-summary");
  }

  void show(BuildInfo build) {
    removeAll();
    Revision revision = build.revision();
    boolean hasSource = build.repository() != null || revision.resolved();
    setVisible(hasSource);
    if (!hasSource) {
      return;
    }
    var first = new Div();
    first.addClassName("commit-line");
    String ref = revision.refName();
    if (ref != null && revision.ref() != null) {
      var badge = new RefBadge(revision);
      badge.setId("build-ref");
      first.add(badge);
    }
    if (!revision.resolved()) {
      String asked = ref != null ? ref : "the default branch";
      // A build that ended before its runner resolved the commit never will.
      var resolving =
          new Span(
              build.state().isFinal()
                  ? asked + " · no commit recorded"
                  : "resolving " + asked + "…");
      resolving.setId("build-commit-resolving");
      resolving.addClassName("muted");
      first.add(resolving);
      add(first);
      return;
    }
    first.add(sha(build.repository(), revision.commit()));
    if (revision.subject() != null) {
      var subject = new Span(revision.subject());
      subject.setId("build-commit-subject");
      subject.addClassName("commit-subject");
      first.add(subject);
    }
    add(first);
    var by = new ArrayList<String>();
    if (revision.author() != null) {
      by.add(revision.author());
    }
    if (revision.time() != null) {
      by.add("committed " + Formats.time(revision.time()));
    }
    if (!by.isEmpty()) {
      var second = new Div(String.join(" · ", by));
      second.setId("build-commit-author");
      second.addClassName("muted");
      add(second);
    }
  }

  private static Component sha(String repository, String commit) {
    String shortSha = commit.substring(0, Math.min(8, commit.length()));
    Component shown =
        CommitLinks.of(repository, commit)
            .<Component>map(url -> new Anchor(url, shortSha, AnchorTarget.BLANK))
            .orElseGet(() -> new Span(shortSha));
    shown.setId("build-commit-sha");
    shown.getElement().setAttribute("title", commit);
    shown.getElement().getClassList().add("monospace");
    if (shown instanceof Anchor a) {
      a.getElement().setAttribute("rel", "noopener noreferrer");
    }
    return shown;
  }
}

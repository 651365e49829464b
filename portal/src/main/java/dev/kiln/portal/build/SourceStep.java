package dev.kiln.portal.build;

import dev.kiln.plugin.api.Source;
import dev.kiln.portal.base.TextRules;
import dev.kiln.portal.build.domain.Build;
import dev.kiln.portal.build.domain.BuildRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Prepares a build's workspace from its repository before its builder runs: resolves what it asked
 * for to a commit the first time it starts, records that commit once (a retry or a rebuild keeps
 * it), and checks it out. The credential stays with the fetch.
 */
@Component
class SourceStep {

  private final Checkouts checkouts;
  private final BuildRepository builds;
  private final BuildEvents events;

  SourceStep(Checkouts checkouts, BuildRepository builds, BuildEvents events) {
    this.checkouts = checkouts;
    this.builds = builds;
    this.events = events;
  }

  /**
   * @return the commit now in {@code workspace}, or {@code null} for a build without a repository
   *     (its workspace stays empty)
   */
  Source prepare(
      Build build,
      long buildId,
      String credential,
      LogWriter log,
      CancellationToken token,
      Path workspace)
      throws CheckoutException, InterruptedException {
    BuildSource source = build.getSource().source();
    if (!source.present()) {
      return null;
    }
    Revision revision = build.getSource().revision();
    if (!revision.resolved()) {
      log.kilnNotice(
          "Resolving "
              + (revision.requested() == null ? "the default branch" : revision.requested())
              + " of "
              + source.repository()
              + ".");
      revision = record(buildId, checkouts.resolve(source, credential, revision));
    }
    log.kilnNotice(
        "Checking out "
            + revision.commit()
            + (revision.refName() == null ? "" : " (" + revision.refName() + ")")
            + (revision.subject() == null ? "" : ": " + revision.subject()));
    try {
      Files.createDirectories(workspace);
    } catch (IOException e) {
      throw new CheckoutException("Could not make the workspace: " + e.getMessage(), e);
    }
    checkouts.checkout(
        source, credential, revision, workspace, log::kilnNotice, token::isRequested);
    return new Source(source.repository(), revision.ref(), revision.commit());
  }

  /** Records the commit once; when another start recorded one first, that one is built. */
  private Revision record(long buildId, Revision resolved) {
    int recorded =
        builds.recordRevision(
            buildId,
            resolved.ref(),
            resolved.commit(),
            TextRules.clip(resolved.subject(), 300),
            TextRules.clip(resolved.author(), 300),
            resolved.time());
    events.publishState(buildId); // the build page shows the commit from now on
    if (recorded == 1) {
      return resolved;
    }
    return builds
        .findById(buildId)
        .map(b -> b.getSource().revision())
        .filter(Revision::resolved)
        .orElse(resolved);
  }
}

package dev.kiln.portal.build.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.base.ui.Downloads;
import dev.kiln.portal.build.ArtifactInfo;
import dev.kiln.portal.build.BuildService;

/**
 * A build's artifacts with their size and SHA-256, each a download. Read when the page opens and
 * when the build ends: artifacts are stored while a build runs, before its end is recorded, so they
 * change at no other moment a page could see.
 */
final class ArtifactsGrid extends Grid<ArtifactInfo> {

  private final BuildService builds;
  private final long buildId;

  ArtifactsGrid(BuildService builds, long buildId) {
    super(ArtifactInfo.class, false);
    this.builds = builds;
    this.buildId = buildId;
    setId("artifacts");
    addComponentColumn(this::download).setHeader("File").setFlexGrow(3);
    addColumn(a -> Formats.size(a.size())).setHeader("Size").setAutoWidth(true);
    addColumn(ArtifactInfo::sha256).setHeader("SHA-256").setFlexGrow(2);
    setEmptyStateText("No artifacts: none kept yet, or no file matched the patterns.");
    setAllRowsVisible(true);
  }

  /** Reads the build's artifacts again. */
  void load() {
    setItems(builds.artifacts(buildId));
  }

  private Anchor download(ArtifactInfo artifact) {
    String path = artifact.path();
    return new Anchor(
        Downloads.attachment(
            path.substring(path.lastIndexOf('/') + 1),
            "application/octet-stream",
            artifact.size(),
            () -> builds.openArtifact(buildId, path)),
        path);
  }
}

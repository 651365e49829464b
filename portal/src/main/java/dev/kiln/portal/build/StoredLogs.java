package dev.kiln.portal.build;

import dev.kiln.portal.build.domain.BuildRepository;
import dev.kiln.portal.storage.BlobStore;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Builds' logs as stored, for readers that ask for bytes rather than lines: the REST API's log
 * download and its byte ranges.
 */
@Service
public class StoredLogs {

  private final BuildRepository builds;
  private final BlobStore store;

  StoredLogs(BuildRepository builds, BlobStore store) {
    this.builds = builds;
    this.store = store;
  }

  /**
   * The build's log as stored now: its chunks and their length, read together from the build's row
   * (the log's writer records both at once); empty when there is no such build.
   */
  @Transactional(readOnly = true)
  @PreAuthorize("@projectAccess.mayViewBuild(#buildId)")
  public Optional<StoredLog> find(long buildId) {
    return builds
        .findById(buildId)
        .map(b -> new StoredLog(buildId, b.getLogChunks(), b.toInfo().logBytes(), store));
  }
}

package dev.kiln.portal.plugin;

import jakarta.validation.Valid;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where builder plugins come from.
 *
 * @param dir the folder of plugin jars added by operators; the builders shipped with Kiln are
 *     loaded from the Kiln jar itself as well
 * @param bundledDir where the builders shipped inside the Kiln jar are unpacked at each start
 * @param uploadedDir where this node writes the jars admins uploaded (kept in the database) to load
 *     them
 * @param localBuilderEnabled whether the local builder, which runs scripts on the Kiln host itself,
 *     may run builds; {@code null} means on with the embedded database and off with an external one
 * @param maxUploadSize the largest plugin jar an admin may upload (100 MB unless set)
 * @param resyncInterval how often each node compares its plugins with the database, in case it
 *     missed a notification (30 s unless set)
 * @param trial how an uploaded jar is tried before it is stored
 */
@Validated
@ConfigurationProperties("kiln.plugins")
public record PluginProperties(
    Path dir,
    Path bundledDir,
    Path uploadedDir,
    Boolean localBuilderEnabled,
    DataSize maxUploadSize,
    @DurationMin(seconds = 1) Duration resyncInterval,
    @Valid Trial trial) {

  public PluginProperties {
    maxUploadSize = maxUploadSize == null ? DataSize.ofMegabytes(100) : maxUploadSize;
    resyncInterval = resyncInterval == null ? Duration.ofSeconds(30) : resyncInterval;
    uploadedDir =
        uploadedDir == null && bundledDir != null
            ? bundledDir.resolveSibling("plugins-uploaded")
            : uploadedDir;
    trial = trial == null ? new Trial(null, null, null, null) : trial;
    if (trial.dir() == null) {
      Path home =
          bundledDir != null
              ? bundledDir.getParent()
              : Path.of(System.getProperty("java.io.tmpdir"));
      trial =
          new Trial(
              home.resolve("plugin-trials"), trial.timeout(), trial.maxHeap(), trial.sandbox());
    }
  }

  /**
   * How an uploaded jar is tried in a JVM of its own before it is stored ({@code PluginTrial}).
   *
   * @param dir where each trial gets a folder, removed when the trial ends
   * @param timeout how long a trial may take, the start of its JVM included (30 s unless set)
   * @param maxHeap the heap, and the metaspace, a plugin gets in its trial (128 MB unless set)
   * @param sandbox {@code true}: refuse uploads on a node where the bubblewrap sandbox does not
   *     work; {@code false}: never use it; unset: use it where it works
   */
  public record Trial(
      Path dir, @DurationMin(seconds = 1) Duration timeout, DataSize maxHeap, Boolean sandbox) {

    public Trial {
      timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
      maxHeap = maxHeap == null ? DataSize.ofMegabytes(128) : maxHeap;
    }
  }
}

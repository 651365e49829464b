package dev.kiln.portal.build;

import dev.kiln.portal.build.domain.BuildRepository;
import dev.kiln.portal.storage.BlobStore;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Enumeration;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Build logs in the blob store, as numbered chunks ({@code builds/ID/log/000000}, …). A running
 * build's log is flushed as a new chunk every {@value #FLUSH_MILLIS} ms or {@value
 * LogWriter#CHUNK_BYTES} bytes, so viewers on any node see it grow, and no log is ever held whole.
 */
@Component
class BuildLogs {

  static final long FLUSH_MILLIS = 250;

  private final BlobStore store;
  private final BuildRepository builds;
  private final BuildEvents events;
  private final long maxBytes;
  private final Set<LogWriter> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService flusher =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("log-flusher").daemon().factory());

  BuildLogs(
      BlobStore store, BuildRepository builds, BuildEvents events, BuildProperties properties) {
    this.store = store;
    this.builds = builds;
    this.events = events;
    this.maxBytes = properties.maxLogBytes();
    flusher.scheduleWithFixedDelay(
        this::flushAll, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
  }

  static String chunkKey(long buildId, int seq) {
    return "builds/%d/log/%06d".formatted(buildId, seq);
  }

  /** Starts the log of a build that is about to run. */
  LogWriter open(long buildId) {
    var writer =
        new LogWriter(
            buildId,
            maxBytes,
            (seq, bytes) -> store.put(chunkKey(buildId, seq), bytes),
            (chunks, total, truncated) -> {
              builds.recordLog(buildId, chunks, total, truncated);
              events.publish(buildId, new BuildEvents.LogGrew(chunks));
            },
            open::remove);
    open.add(writer);
    return writer;
  }

  /** One chunk of a log (at most a few hundred KB). */
  byte[] chunk(long buildId, int seq) throws IOException {
    try (InputStream in = store.open(chunkKey(buildId, seq))) {
      return in.readAllBytes();
    }
  }

  /** The whole log as one stream, opening chunks one at a time as it is read. */
  InputStream full(long buildId, int chunks) {
    Enumeration<InputStream> parts =
        new Enumeration<>() {
          int next;

          @Override
          public boolean hasMoreElements() {
            return next < chunks;
          }

          @Override
          public InputStream nextElement() {
            if (next >= chunks) {
              throw new NoSuchElementException();
            }
            try {
              return store.open(chunkKey(buildId, next++));
            } catch (IOException e) {
              throw BlobStore.unchecked(e);
            }
          }
        };
    return new SequenceInputStream(parts);
  }

  private void flushAll() {
    for (LogWriter writer : open) {
      try {
        writer.flushIfDue();
      } catch (RuntimeException e) {
        // One failing build or a database hiccup must not stop the flusher for every other build.
        LoggerFactory.getLogger(BuildLogs.class)
            .warn("Flushing a build log failed: {}", e.getMessage());
      }
    }
  }

  @PreDestroy
  void stop() {
    flusher.shutdownNow();
  }
}

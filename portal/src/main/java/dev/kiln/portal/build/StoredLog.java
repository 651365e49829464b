package dev.kiln.portal.build;

import dev.kiln.portal.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Enumeration;
import java.util.NoSuchElementException;

/**
 * A build's log as stored when {@link StoredLogs#find} was asked: its length, and its bytes from
 * any offset, streamed a chunk at a time. Stored chunks never change, so what it reads stays
 * consistent while the build goes on writing; a running build's later output is simply not part of
 * it.
 */
public final class StoredLog {

  private final long buildId;
  private final int chunks;
  private final long length;
  private final BlobStore store;

  StoredLog(long buildId, int chunks, long length, BlobStore store) {
    this.buildId = buildId;
    this.chunks = chunks;
    this.length = length;
    this.store = store;
  }

  /** The log's length in bytes (UTF-8). */
  public long length() {
    return length;
  }

  /**
   * The log from byte {@code offset} to its end. Chunks before the offset are skipped rather than
   * read where the store can (a local file seeks), and only one chunk is open at a time.
   */
  public InputStream from(long offset) throws IOException {
    long left = offset;
    for (int seq = 0; seq < chunks; seq++) {
      InputStream chunk = store.open(BuildLogs.chunkKey(buildId, seq));
      try {
        left = skip(chunk, left);
      } catch (IOException | RuntimeException e) {
        chunk.close();
        throw e;
      }
      if (left == 0) {
        return new SequenceInputStream(startingWith(chunk, seq + 1));
      }
      chunk.close();
    }
    return InputStream.nullInputStream();
  }

  /** Skips up to {@code n} bytes of the chunk; what is left to skip once it has ended. */
  private static long skip(InputStream chunk, long n) throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = chunk.skip(left);
      if (skipped > 0) {
        left -= skipped;
      } else if (chunk.read() < 0) { // skip may answer 0 before the end; read tells
        return left;
      } else {
        left--;
      }
    }
    return 0;
  }

  /** {@code open}, then the chunks from {@code next} on, each opened when reached. */
  private Enumeration<InputStream> startingWith(InputStream open, int next) {
    return new Enumeration<>() {
      InputStream first = open;
      int seq = next;

      @Override
      public boolean hasMoreElements() {
        return first != null || seq < chunks;
      }

      @Override
      public InputStream nextElement() {
        if (first != null) {
          InputStream given = first;
          first = null;
          return given;
        }
        if (seq >= chunks) {
          throw new NoSuchElementException();
        }
        try {
          return store.open(BuildLogs.chunkKey(buildId, seq++));
        } catch (IOException e) {
          throw BlobStore.unchecked(e);
        }
      }
    };
  }
}

package dev.kiln.portal.storage;

import java.io.InputStream;
import java.util.Objects;

/**
 * Yields {@code length} bytes of a fixed pattern without holding them: large blobs for tests at
 * constant memory. The pattern changes every MiB, so parts that were lost, repeated or put in the
 * wrong order change the content.
 */
final class PatternInputStream extends InputStream {

  private final long length;
  private long position;

  PatternInputStream(long length) {
    this.length = length;
  }

  /** The byte at {@code position} of every pattern stream. */
  static byte byteAt(long position) {
    return (byte) (position * 131 + (position >>> 20));
  }

  @Override
  public int read() {
    return position < length ? byteAt(position++) & 0xff : -1;
  }

  @Override
  public int read(byte[] buffer, int offset, int count) {
    Objects.checkFromIndexSize(offset, count, buffer.length);
    if (count == 0) {
      return 0;
    }
    if (position >= length) {
      return -1;
    }
    int n = (int) Math.min(count, length - position);
    for (int i = 0; i < n; i++) {
      buffer[offset + i] = byteAt(position++);
    }
    return n;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, length - position);
  }
}

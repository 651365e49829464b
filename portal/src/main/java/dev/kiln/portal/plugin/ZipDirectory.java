package dev.kiln.portal.plugin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a ZIP file's end record says of its central directory (the list of entries that the JDK
 * reads into memory whole when it opens the file): how many entries, and how many bytes. Read from
 * the last 64 KiB of the file, so a jar claiming a million entries is refused before the JDK
 * allocates anything for them.
 *
 * @param entries the number of entries the end record declares
 * @param size the central directory's size in bytes
 */
record ZipDirectory(long entries, long size) {

  private static final int END = 0x06054b50;
  private static final int END_LENGTH = 22;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_END = 0x06064b50;
  private static final int MAX_COMMENT = 0xFFFF;

  /**
   * Reads the end record of {@code file}.
   *
   * @throws PluginRefusedException when there is none: the file is truncated or not a ZIP file
   */
  static ZipDirectory of(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long length = channel.size();
      int tailLength = (int) Math.min(length, END_LENGTH + MAX_COMMENT);
      ByteBuffer tail = read(channel, length - tailLength, tailLength);
      for (int at = tailLength - END_LENGTH; at >= 0; at--) {
        if (tail.getInt(at) == END
            && at + END_LENGTH + Short.toUnsignedInt(tail.getShort(at + 20)) == tailLength) {
          long entries = Short.toUnsignedInt(tail.getShort(at + 10));
          long size = Integer.toUnsignedLong(tail.getInt(at + 12));
          if (entries == 0xFFFF || size == 0xFFFFFFFFL) {
            return zip64(channel, length - tailLength + at);
          }
          return new ZipDirectory(entries, size);
        }
      }
      throw damaged("it has no end record");
    }
  }

  /**
   * ZIP64: the end record's values overflowed and live in a larger record found through a locator.
   */
  private static ZipDirectory zip64(FileChannel channel, long endOffset) throws IOException {
    if (endOffset < 20) {
      throw damaged("its ZIP64 locator is missing");
    }
    ByteBuffer locator = read(channel, endOffset - 20, 20);
    long recordOffset = locator.getLong(8);
    if (locator.getInt(0) != ZIP64_LOCATOR || recordOffset < 0 || recordOffset > endOffset - 56) {
      throw damaged("its ZIP64 locator is missing or points outside the file");
    }
    ByteBuffer record = read(channel, recordOffset, 56);
    if (record.getInt(0) != ZIP64_END) {
      throw damaged("its ZIP64 end record is missing");
    }
    long entries = record.getLong(32);
    long size = record.getLong(40);
    return new ZipDirectory(
        entries < 0 ? Long.MAX_VALUE : entries, size < 0 ? Long.MAX_VALUE : size);
  }

  private static ByteBuffer read(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw damaged("it ends early");
      }
    }
    return buffer;
  }

  private static PluginRefusedException damaged(String why) {
    return new PluginRefusedException(
        "the jar is damaged or truncated and cannot be read ("
            + why
            + "); upload the complete file again");
  }
}

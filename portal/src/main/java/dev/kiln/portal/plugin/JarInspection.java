package dev.kiln.portal.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads every entry of a jar, within fixed bounds, before Kiln opens it as a jar or loads any of
 * its classes: how many entries and how large its directory is (from the end record, before the JDK
 * reads the directory into memory), then for each entry its name and the bytes it really inflates
 * to, counted while inflating into one small buffer and stopped at the first byte past a limit.
 * Sizes written in the jar's headers are never trusted. A zip bomb therefore costs Kiln a 64 KiB
 * buffer and at most {@link #MAX_TOTAL} of inflating.
 */
final class JarInspection {

  static final int MAX_ENTRIES = 50_000;
  static final long MAX_DIRECTORY = 16L << 20;

  /** Manifest, extension index, service files, signatures: PF4J and the JDK read these whole. */
  static final long MAX_METADATA = 1L << 20;

  static final long MAX_CLASS = 16L << 20;
  static final long MAX_ENTRY = 64L << 20;
  static final long MAX_TOTAL = 512L << 20;

  /**
   * Beyond {@link #RATIO_FROM} bytes, an entry may inflate to at most this many times its
   * compressed size.
   */
  static final int MAX_RATIO = 100;

  static final long RATIO_FROM = 1L << 20;

  private static final int SHOWN_NAME = 120;

  private JarInspection() {}

  /**
   * Reads all of {@code file}'s entries.
   *
   * @throws PluginRefusedException saying what is too large or wrong, when anything is
   */
  static void inspect(Path file) throws IOException {
    ZipDirectory directory = ZipDirectory.of(file);
    if (directory.entries() > MAX_ENTRIES) {
      throw new PluginRefusedException(
          String.format(
              Locale.ROOT,
              "it has %,d entries; a plugin jar may have at" + " most %,d",
              directory.entries(),
              MAX_ENTRIES));
    }
    if (directory.size() > MAX_DIRECTORY) {
      throw new PluginRefusedException(
          "its list of entries (the ZIP central directory) is "
              + megabytes(directory.size())
              + "; a plugin jar's may be at most "
              + megabytes(MAX_DIRECTORY));
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Set<String> names = new HashSet<>();
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      for (var entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        checkName(name);
        if (!names.add(name)) {
          throw new PluginRefusedException(
              "entry "
                  + shown(name)
                  + " appears twice: the jar was altered, or built"
                  + " wrongly, and tools would disagree on which copy counts");
        }
        total += inflate(zip, entry, buffer, MAX_TOTAL - total);
      }
    } catch (ZipException e) {
      throw new PluginRefusedException(
          "the jar is damaged or truncated and cannot be read ("
              + e.getMessage()
              + "); upload the complete file again");
    }
  }

  private static void checkName(String name) {
    String[] segments = name.split("/", -1);
    boolean unsafe =
        name.isEmpty()
            || name.startsWith("/")
            || name.indexOf('\\') >= 0
            || name.indexOf('\0') >= 0
            || name.matches("(?s)[A-Za-z]:.*")
            || Arrays.asList(segments).contains("..");
    if (unsafe) {
      throw new PluginRefusedException(
          "entry "
              + shown(name)
              + " has an unsafe name: names that are absolute,"
              + " climb out with '..', or hold '\\' or a drive letter are refused");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".jar")
        || lower.endsWith(".war")
        || lower.endsWith(".ear")
        || lower.endsWith(".jmod")) {
      throw new PluginRefusedException(
          "it contains a nested archive, "
              + shown(name)
              + ": PF4J loads only the"
              + " classes packed directly in a plugin jar; unpack (shade) that library's classes into the jar instead");
    }
  }

  /** Inflates one entry into {@code buffer}, counting; returns how many bytes it gave. */
  private static long inflate(ZipFile zip, ZipEntry entry, byte[] buffer, long leftInTotal)
      throws IOException {
    String name = entry.getName();
    long limit = limitFor(name);
    if (entry.getSize() > limit) {
      throw tooLarge(name, limit);
    }
    long compressed = Math.max(0, entry.getCompressedSize());
    long ratioLimit =
        compressed > Long.MAX_VALUE / MAX_RATIO
            ? Long.MAX_VALUE
            : Math.max(RATIO_FROM, compressed * MAX_RATIO);
    long count = 0;
    try (InputStream in = zip.getInputStream(entry)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        count += n;
        if (count > limit) {
          throw tooLarge(name, limit);
        }
        if (count > ratioLimit) {
          throw new PluginRefusedException(
              "entry "
                  + shown(name)
                  + " inflates to more than "
                  + MAX_RATIO
                  + " times its compressed size: a zip bomb, or data that does not belong in a plugin jar");
        }
        if (count > leftInTotal) {
          throw new PluginRefusedException(
              "it inflates to more than "
                  + megabytes(MAX_TOTAL)
                  + " in all, the most"
                  + " a plugin jar may hold");
        }
      }
    }
    if (entry.getSize() >= 0 && count != entry.getSize()) {
      throw new PluginRefusedException(
          "entry "
              + shown(name)
              + " inflates to "
              + count
              + " bytes, but its header"
              + " says "
              + entry.getSize()
              + ": the jar is damaged or was altered");
    }
    return count;
  }

  private static long limitFor(String name) {
    if (name.endsWith(".class")) {
      return MAX_CLASS;
    }
    if (name.regionMatches(true, 0, "META-INF/", 0, 9) || name.equals("plugin.properties")) {
      return MAX_METADATA;
    }
    return MAX_ENTRY;
  }

  private static PluginRefusedException tooLarge(String name, long limit) {
    String kind =
        limit == MAX_CLASS && name.endsWith(".class")
            ? "a class file"
            : limit == MAX_METADATA ? "an entry under META-INF/" : "any entry";
    return new PluginRefusedException(
        "entry "
            + shown(name)
            + " inflates to more than "
            + megabytes(limit)
            + ", the most "
            + kind
            + " may have");
  }

  private static String megabytes(long bytes) {
    return bytes < (1L << 20) ? bytes + " bytes" : (bytes >> 20) + " MB";
  }

  /** An entry's name as it may be shown: control characters replaced, cut when very long. */
  static String shown(String name) {
    String printable =
        name.codePoints()
            .map(c -> Character.isISOControl(c) ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    return printable.length() <= SHOWN_NAME ? printable : printable.substring(0, SHOWN_NAME) + "…";
  }
}

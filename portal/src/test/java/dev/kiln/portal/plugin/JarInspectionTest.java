package dev.kiln.portal.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every entry of a jar is read within bounds, and a jar that is too large or strange inside is
 * refused with why.
 */
class JarInspectionTest {

  @TempDir Path dir;

  @Test
  void theShippedPluginsAndAWorkingJarPass() throws IOException {
    for (Path jar : PluginHostTest.shipped()) {
      assertThatCode(() -> JarInspection.inspect(jar))
          .as(jar.toString())
          .doesNotThrowAnyException();
    }
    Path jar = BrokenPluginJars.working("fine", "fine").writeTo(dir.resolve("fine.jar"));
    assertThatCode(() -> JarInspection.inspect(jar)).doesNotThrowAnyException();
  }

  @Test
  void namesThatClimbOutOrAreAbsoluteAreRefused() throws IOException {
    for (String name :
        new String[] {
          "../evil.class",
          "a/../../evil.class",
          "/etc/cron.d/evil",
          "a\\..\\evil.class",
          "C:/evil.class",
          "a/\0/b"
        }) {
      Path jar = jar("unsafe.jar", name, new byte[1]);
      assertThatThrownBy(() -> JarInspection.inspect(jar))
          .as(name)
          .isInstanceOf(PluginRefusedException.class)
          .hasMessageEndingWith(
              "has an unsafe name: names that are absolute, climb out with '..', or hold '\\' or a"
                  + " drive letter are refused");
    }
  }

  @Test
  void aNestedJarIsRefused() throws IOException {
    Path jar = jar("nested.jar", "lib/dependency-1.0.JAR", new byte[10]);
    assertThatThrownBy(() -> JarInspection.inspect(jar))
        .hasMessageStartingWith(
            "it contains a nested archive, lib/dependency-1.0.JAR: PF4J loads only the classes packed directly");
  }

  @Test
  void anEntryThatAppearsTwiceIsRefused() throws IOException {
    Path jar = dir.resolve("twice.jar");
    try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String name : new String[] {"test/One.class", "test/Two.class"}) {
        out.putNextEntry(new JarEntry(name));
        out.write(name.getBytes(StandardCharsets.UTF_8));
      }
    }
    replace(
        jar,
        "test/Two.class",
        "test/One.class"); // in both headers: JarOutputStream refuses to write it
    assertThatThrownBy(() -> JarInspection.inspect(jar))
        .hasMessageStartingWith("entry test/One.class appears twice");
  }

  /** The header says 100 bytes; the data inflates to more: counted, not believed. */
  @Test
  void anEntryLargerThanItsHeaderSaysIsRefused() throws IOException {
    byte[] text = Base64.getEncoder().encode(random(150_000));
    Path jar = jar("lying.jar", "data/lying.txt", text);
    patchDirectorySize(jar, "data/lying.txt", 100);
    assertThatThrownBy(() -> JarInspection.inspect(jar))
        .hasMessage(
            "entry data/lying.txt inflates to "
                + text.length
                + " bytes, but its header says 100: the jar is damaged or was altered");
  }

  /**
   * A bomb whose header claims 10 bytes is stopped after reading about 100 times its compressed
   * size.
   */
  @Test
  void aZipBombThatHidesItsSizeIsStoppedByItsRatioWithoutFillingMemory() throws IOException {
    byte[] zeros = new byte[1 << 20];
    Path jar = dir.resolve("bomb.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        var out = new JarOutputStream(file)) {
      out.setLevel(Deflater.BEST_COMPRESSION);
      out.putNextEntry(new JarEntry("data/zeros.bin"));
      for (int i = 0; i < 400; i++) {
        out.write(zeros);
      }
    }
    patchDirectorySize(jar, "data/zeros.bin", 10);
    long before = allocatedHere();
    assertThatThrownBy(() -> JarInspection.inspect(jar))
        .hasMessage(
            "entry data/zeros.bin inflates to more than 100"
                + " times its compressed size: a zip bomb, or data that does not belong in a plugin jar");
    assertThat(allocatedHere() - before)
        .as("bytes allocated to inspect a 400 MB bomb")
        .isLessThan(8L << 20);
  }

  @Test
  void entriesLargerThanTheirKindAllowsAreRefused() throws IOException {
    Path manifest =
        jar("manifest.jar", "META-INF/services/dev.kiln.plugin.api.Builder", random((1 << 20) + 1));
    assertThatThrownBy(() -> JarInspection.inspect(manifest))
        .hasMessage(
            "entry META-INF/services/"
                + "dev.kiln.plugin.api.Builder inflates to more than 1 MB, the most an entry under META-INF/ may have");
  }

  /** More than 65,535 entries: the counts live in the ZIP64 end record, read all the same. */
  @Test
  void tooManyEntriesAreRefusedFromTheEndRecordAlsoInZip64() throws IOException {
    Path jar = HostilePluginJars.manyEntries(dir.resolve("zip64.jar"), 70_000);
    assertThatThrownBy(() -> JarInspection.inspect(jar))
        .hasMessage("it has 70,001 entries; a plugin jar may have" + " at most 50,000");
  }

  @Test
  void aHugeListOfEntriesIsRefusedBeforeItIsRead() throws IOException {
    Path jar = dir.resolve("long-names.jar");
    char[] longName = new char[1000];
    Arrays.fill(longName, 'n');
    try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (int i = 0; i < 18_000; i++) {
        out.putNextEntry(new JarEntry(i + new String(longName)));
      }
    }
    assertThatThrownBy(() -> JarInspection.inspect(jar))
        .hasMessageMatching(
            "its list of entries \\(the ZIP central"
                + " directory\\) is 1[78] MB; a plugin jar's may be at most 16 MB");
  }

  @Test
  void aJarWithoutItsEndIsDamaged() throws IOException {
    Path whole = BrokenPluginJars.working("cut", "cut").writeTo(dir.resolve("whole.jar"));
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.jar"), Arrays.copyOf(bytes, bytes.length - 30));
    assertThatThrownBy(() -> JarInspection.inspect(cut))
        .hasMessage(
            "the jar is damaged or truncated and cannot be"
                + " read (it has no end record); upload the complete file again");
  }

  private Path jar(String file, String entry, byte[] content) throws IOException {
    Path jar = dir.resolve(file);
    try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(entry));
      out.write(content);
    }
    return jar;
  }

  /** Rewrites the uncompressed size in the central directory header of {@code entry}. */
  private static void patchDirectorySize(Path jar, String entry, int size) throws IOException {
    byte[] bytes = Files.readAllBytes(jar);
    byte[] name = entry.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at + 46 + name.length <= bytes.length; at++) {
      if (bytes[at] == 'P'
          && bytes[at + 1] == 'K'
          && bytes[at + 2] == 1
          && bytes[at + 3] == 2
          && Arrays.equals(bytes, at + 46, at + 46 + name.length, name, 0, name.length)) {
        for (int i = 0; i < 4; i++) {
          bytes[at + 24 + i] = (byte) (size >>> (8 * i));
        }
        Files.write(jar, bytes);
        return;
      }
    }
    throw new IllegalStateException("no central directory header for " + entry);
  }

  private static void replace(Path jar, String from, String to) throws IOException {
    String bytes = new String(Files.readAllBytes(jar), StandardCharsets.ISO_8859_1);
    Files.write(jar, bytes.replace(from, to).getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    return bytes;
  }

  private static long allocatedHere() {
    return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }
}

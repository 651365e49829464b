package dev.kiln.portal.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.Deflater;

/**
 * Plugin jars that attack the upload trial on purpose, built with {@link TestPluginJars}, with the
 * words Kiln must refuse each with. Each plugin that runs code first leaves a file named {@code
 * kiln-hostile-*} in its temporary folder, so a test can check that nothing of the trial remains.
 */
public final class HostilePluginJars {

  /** The prefix of the temporary file each hostile plugin makes before misbehaving. */
  static final String LITTER = "kiln-hostile-";

  private static final String NEVER = "Boolean.getBoolean(\"kiln.never\")";

  private HostilePluginJars() {}

  /** Writes every hostile jar into {@code dir}; returns file name to the words of its refusal. */
  static Map<String, String> writeAll(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, String> expected = new LinkedHashMap<>();
    staticInit("exits", "System.exit(3);").writeTo(dir.resolve("exits.jar"));
    expected.put(
        "exits.jar",
        "the plugin called System.exit(3) while it was loaded (from test.exits.TheBuilder.<clinit>)");
    staticInit("halts", "Runtime.getRuntime().halt(7);").writeTo(dir.resolve("halts.jar"));
    expected.put(
        "halts.jar",
        "the trial JVM ended with exit code 7 before the plugin was loaded and described");
    staticInit("spins", "while (!" + NEVER + ") { }").writeTo(dir.resolve("spins.jar"));
    expected.put("spins.jar", "it did not finish loading within 30 s");
    describing("spins_describe", "while (!" + NEVER + ") { }")
        .writeTo(dir.resolve("spins-in-describe.jar"));
    expected.put("spins-in-describe.jar", "it did not finish loading within 30 s");
    describing(
            "hogs",
            "var all = new java.util.ArrayList<long[]>(); while (!"
                + NEVER
                + ") { all.add(new long[1 << 20]); }")
        .writeTo(dir.resolve("hogs-memory.jar"));
    expected.put("hogs-memory.jar", "it ran out of memory in the trial (Java heap space)");
    construct(
            "threads",
            "Thread t = new Thread(() -> { while (!"
                + NEVER
                + ") { try { Thread.sleep(200); }"
                + " catch (InterruptedException e) { } } }, \"never-ends\"); t.start();")
        .writeTo(dir.resolve("leaves-thread.jar"));
    expected.put(
        "leaves-thread.jar", "it left a thread running after it was stopped: 'never-ends'");
    zipBomb(
        BrokenPluginJars.working("bomb", "bomb").writeTo(dir.resolve("bomb.tmp")),
        dir.resolve("zip-bomb.jar"),
        2L << 30);
    Files.delete(dir.resolve("bomb.tmp"));
    expected.put(
        "zip-bomb.jar",
        "entry META-INF/extensions.idx inflates to more than 1 MB, the most an entry under"
            + " META-INF/ may have");
    manyEntries(dir.resolve("many-entries.jar"), 60_000);
    expected.put("many-entries.jar", "it has 60,001 entries; a plugin jar may have at most 50,000");
    hugeClass(dir.resolve("huge-class.jar"), 17 << 20);
    expected.put(
        "huge-class.jar",
        "entry test/Huge.class inflates to more than 16 MB, the most a class file may have");
    return expected;
  }

  /** A plugin whose builder class's static initializer runs {@code statements}. */
  public static TestPluginJars staticInit(String pkg, String statements) {
    return plugin(
        pkg,
        "static { litter(); " + statements + " }",
        "BuilderDescriptor.available(\"" + id(pkg) + "\", \"never\", \"\", List.of())");
  }

  /** A plugin whose builder's constructor runs {@code statements}. */
  public static TestPluginJars construct(String pkg, String statements) {
    return plugin(
        pkg,
        "public TheBuilder() { litter(); " + statements + " }",
        "BuilderDescriptor.available(\"" + id(pkg) + "\", \"" + id(pkg) + "\", \"\", List.of())");
  }

  /** A plugin whose builder's {@code describe()} runs {@code statements} first. */
  public static TestPluginJars describing(String pkg, String statements) {
    return plugin(
        pkg,
        "static BuilderDescriptor first() { litter(); " + statements + " return null; }",
        "first() != null ? null : BuilderDescriptor.available(\""
            + id(pkg)
            + "\", \"x\", \"\", List.of())");
  }

  private static TestPluginJars plugin(String pkg, String members, String descriptor) {
    String litter =
        "static void litter() { try { java.io.File.createTempFile(\""
            + LITTER
            + pkg
            + "\", \".tmp\");"
            + " } catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); } }\n";
    return TestPluginJars.plugin(
        id(pkg),
        Map.of(
            "test." + pkg + ".TheBuilder",
            BrokenPluginJars.builder(pkg, id(pkg), litter + members, descriptor)));
  }

  private static String id(String pkg) {
    return pkg.replace('_', '-');
  }

  /**
   * Copies {@code jar} with its extension index followed by {@code inflated} bytes of blanks,
   * deflated as tightly as ZIP allows (about 1,000 to 1).
   */
  public static Path zipBomb(Path jar, Path target, long inflated) throws IOException {
    try (JarFile in = new JarFile(jar.toFile());
        OutputStream file = Files.newOutputStream(target);
        var out = new JarOutputStream(file, in.getManifest())) {
      out.setLevel(Deflater.BEST_COMPRESSION);
      for (JarEntry e : (Iterable<JarEntry>) in.stream()::iterator) {
        if (e.getName().equals(JarFile.MANIFEST_NAME)) {
          continue;
        }
        out.putNextEntry(new JarEntry(e.getName()));
        try (InputStream data = in.getInputStream(e)) {
          data.transferTo(out);
        }
        if (e.getName().equals("META-INF/extensions.idx")) {
          byte[] blanks = new byte[1 << 20];
          Arrays.fill(blanks, (byte) ' ');
          for (long written = 0; written < inflated; written += blanks.length) {
            out.write(blanks);
          }
        }
      }
    }
    return target;
  }

  /** A plugin manifest and {@code count} empty resources. */
  static Path manyEntries(Path target, int count) throws IOException {
    try (OutputStream file = Files.newOutputStream(target);
        var out = new JarOutputStream(file, BrokenPluginJars.working("many", "many").manifest())) {
      for (int i = 0; i < count; i++) {
        out.putNextEntry(new JarEntry("r/" + i));
      }
    }
    return target;
  }

  /** A plugin manifest and one class file of {@code size} bytes that do not compress. */
  static Path hugeClass(Path target, int size) throws IOException {
    byte[] content = new byte[size];
    new Random(12).nextBytes(content);
    try (OutputStream file = Files.newOutputStream(target);
        var out = new JarOutputStream(file, BrokenPluginJars.working("huge", "huge").manifest())) {
      out.putNextEntry(new JarEntry("test/Huge.class"));
      out.write(content);
    }
    return target;
  }
}

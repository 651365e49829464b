package dev.kiln.portal.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Plugin jars broken in each way admins meet, built with {@link TestPluginJars}, with the words
 * Kiln must use to say what is wrong with each.
 */
public final class BrokenPluginJars {

  private BrokenPluginJars() {}

  /** A working plugin with one builder, {@code id}. */
  public static TestPluginJars working(String pluginId, String builderId) {
    return TestPluginJars.plugin(
        pluginId,
        Map.of(
            "test." + builderId.replace('-', '_') + ".TheBuilder",
            builder(
                builderId.replace('-', '_'),
                builderId,
                "",
                "BuilderDescriptor.available(\""
                    + builderId
                    + "\", \""
                    + builderId
                    + " builder\", \"\", List.of())")));
  }

  /** Writes every broken jar into {@code dir}; returns file name to the reason's expected words. */
  static Map<String, String> writeAll(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, String> expected = new LinkedHashMap<>();
    Files.writeString(dir.resolve("not-a-jar.jar"), "this is a text file, not a jar");
    expected.put("not-a-jar.jar", "not a jar: the file is not a ZIP archive");

    Path whole = working("truncated", "truncated").writeTo(dir.resolve("whole.tmp"));
    byte[] bytes = Files.readAllBytes(whole);
    Files.write(dir.resolve("truncated.jar"), Arrays.copyOf(bytes, bytes.length / 2));
    Files.delete(whole);
    expected.put("truncated.jar", "the jar is damaged or truncated");

    working("no-manifest", "no-manifest")
        .manifest("Plugin-Id", null)
        .writeTo(dir.resolve("bad-manifest.jar"));
    expected.put("bad-manifest.jar", "lacks Plugin-Id or Plugin-Version");

    working("future", "future")
        .manifest("Plugin-Requires", ">=2.0.0")
        .writeTo(dir.resolve("needs-api-2.jar"));
    expected.put("needs-api-2.jar", "needs Kiln plugin API >=2.0.0, but this Kiln offers");

    Path helper =
        TestPluginJars.plugin(
                "missing-class",
                Map.of(
                    "test.missing.Helper",
                    "package test.missing; public class Helper { public static String hi() { return \"hi\"; } }",
                    "test.missing.TheBuilder",
                    builder(
                        "missing",
                        "missing",
                        "static final String HI = Helper.hi();",
                        "BuilderDescriptor.available(\"missing\", HI, \"\", List.of())")))
            .writeTo(dir.resolve("helper.tmp"));
    withoutEntry(helper, "test/missing/Helper.class", dir.resolve("missing-class.jar"));
    Files.delete(helper);
    expected.put(
        "missing-class.jar",
        "test.missing.TheBuilder needs class test.missing.Helper, which is not in the jar");

    TestPluginJars.plugin(
            "throwing-constructor",
            Map.of(
                "test.ctor.TheBuilder",
                builder(
                    "ctor",
                    "ctor",
                    "public TheBuilder() { throw new IllegalStateException(\"no licence file\"); }",
                    "BuilderDescriptor.available(\"ctor\", \"Ctor\", \"\", List.of())")))
        .writeTo(dir.resolve("throwing-constructor.jar"));
    expected.put(
        "throwing-constructor.jar",
        "the constructor of test.ctor.TheBuilder failed: IllegalStateException:"
            + " no licence file");

    TestPluginJars.plugin(
            "throwing-describe",
            Map.of(
                "test.describe.TheBuilder",
                builder(
                    "describe",
                    "describe",
                    "static Object throwing() { throw new UnsupportedOperationException(\"describe is broken\"); }",
                    "(BuilderDescriptor) throwing()")))
        .writeTo(dir.resolve("throwing-describe.jar"));
    expected.put(
        "throwing-describe.jar",
        "test.describe.TheBuilder failed to describe itself:"
            + " UnsupportedOperationException: describe is broken");
    return expected;
  }

  /**
   * The source of a builder class {@code test.<pkg>.TheBuilder} with extra members and a describe()
   * body.
   */
  public static String builder(String pkg, String id, String members, String descriptor) {
    return """
        package test.%s;
        import dev.kiln.plugin.api.*;
        import java.util.List;
        @org.pf4j.Extension
        public class TheBuilder implements Builder {
          %s
          public BuilderDescriptor describe() {
            return %s;
          }
          public BuildResult run(BuildRequest request, BuildContext context) {
            context.log().line("%s ran");
            return BuildResult.exited(0);
          }
        }
        """
        .formatted(pkg, members, descriptor, id);
  }

  private static void withoutEntry(Path jar, String entry, Path target) throws IOException {
    try (JarFile in = new JarFile(jar.toFile());
        OutputStream file = Files.newOutputStream(target);
        var out = new JarOutputStream(file, in.getManifest())) {
      for (JarEntry e : (Iterable<JarEntry>) in.stream()::iterator) {
        if (e.getName().equals(entry) || e.getName().equals(JarFile.MANIFEST_NAME)) {
          continue;
        }
        out.putNextEntry(new JarEntry(e.getName()));
        try (InputStream data = in.getInputStream(e)) {
          data.transferTo(out);
        }
      }
    }
  }
}
